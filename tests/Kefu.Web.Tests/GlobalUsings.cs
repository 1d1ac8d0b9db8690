global using System.Net;
global using System.Net.Http.Json;
global using Microsoft.Playwright;
global using Shouldly;
global using Xunit;
