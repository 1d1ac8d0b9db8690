using Kefu.Bench.Load;

LoadOptions options;
IntakeBodies bodies;
try
{
    options = LoadOptions.Parse(args);
    bodies = new IntakeBodies(options.Tag, options.ReuseEvery);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync();
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

var length = options.Requests is { } requests ? $"{requests} requests" : $"{options.Duration.TotalSeconds} s";
await Console.Error.WriteLineAsync(
    $"POST {options.BaseUrl}api/v1/tickets  concurrency {options.Concurrency}, warm-up {options.Warmup.TotalSeconds} s, then {length}  (tag {options.Tag})");

var result = await new LoadRun(options, bodies).RunAsync(Console.Error);
result.WriteTo(Console.Out);
return result.CreatedTotal == 0 ? 2 : result.Failed > 0 ? 1 : 0;
