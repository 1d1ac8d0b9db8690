global using Microsoft.Extensions.Time.Testing;
global using Shouldly;
global using Xunit;
