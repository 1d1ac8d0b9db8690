using Kefu.Server.Cli;

return await KefuCli.RunAsync(args);

/// <summary>The entry point type, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
