global using System.Net;
global using System.Net.Http.Json;
global using Kefu.Server.Tests.Infrastructure;
global using Shouldly;
global using Xunit;
