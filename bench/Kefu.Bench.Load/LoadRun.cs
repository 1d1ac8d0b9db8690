using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Kefu.Bench.Load;

/// <summary>
/// Closed-loop load: <see cref="LoadOptions.Concurrency"/> workers, each sending its next request as
/// soon as the previous one is answered. A request belongs to the warm-up or to the measurement by
/// the moment it was sent.
/// </summary>
public sealed class LoadRun(LoadOptions options, IntakeBodies bodies)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private long _lastRequest;
    private long _measuredBudget;

    public async Task<LoadResult> RunAsync(TextWriter progress)
    {
        using var handler = new SocketsHttpHandler
        {
            // One connection per worker, kept for the whole run: connection setup is not what we measure.
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = options.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var target = new Uri(options.BaseUrl, "api/v1/tickets");

        _measuredBudget = options.Requests ?? long.MaxValue;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + ToTicks(options.Warmup);
        var stopAt = options.Requests is null ? measureFrom + ToTicks(options.Duration) : long.MaxValue;

        using var stopProgress = new CancellationTokenSource();
        var workers = new Worker[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker();
        }

        var progressTask = ReportProgressAsync(progress, workers, start, measureFrom, stopProgress.Token);
        await Task.WhenAll(workers.Select(w => Task.Run(() => RunWorkerAsync(client, target, w, measureFrom, stopAt))));
        var end = Stopwatch.GetTimestamp();
        await stopProgress.CancelAsync();
        await progressTask;

        return LoadResult.From(options, workers, Stopwatch.GetElapsedTime(measureFrom, Math.Max(end, measureFrom)));
    }

    private async Task RunWorkerAsync(HttpClient client, Uri target, Worker worker, long measureFrom, long stopAt)
    {
        while (true)
        {
            var sentAt = Stopwatch.GetTimestamp();
            if (sentAt >= stopAt)
            {
                return;
            }

            var measured = sentAt >= measureFrom;
            if (measured && Interlocked.Decrement(ref _measuredBudget) < 0)
            {
                return;
            }

            var n = Interlocked.Increment(ref _lastRequest);
            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = new ByteArrayContent(bodies.For(n)) { Headers = { ContentType = Json } },
            };

            int status;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                worker.Record(measured, ex.GetType().Name);
                continue;
            }

            worker.Record(measured, status, Stopwatch.GetTimestamp() - sentAt);
        }
    }

    private static async Task ReportProgressAsync(TextWriter progress, Worker[] workers, long start, long measureFrom, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var created = workers.Sum(w => w.CreatedSoFar);
                var phase = Stopwatch.GetTimestamp() < measureFrom ? "warm-up" : "measuring";
                await progress.WriteLineAsync($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,5:F0} s  {phase,-9}  {created,9:N0} tickets created so far");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One worker's tallies; only that worker writes them, so no locking on the hot path.</summary>
    public sealed class Worker
    {
        private long _createdTotal;

        /// <summary>Read by the progress reporter while the worker runs.</summary>
        public long CreatedSoFar => Volatile.Read(ref _createdTotal);

        public List<long> CreatedLatencyTicks { get; } = new(capacity: 16_384);

        public long MeasuredRequests { get; private set; }

        public long WarmupCreated { get; private set; }

        public Dictionary<string, long> Failures { get; } = new(StringComparer.Ordinal);

        public void Record(bool measured, int status, long latencyTicks)
        {
            if (status == (int)HttpStatusCode.Created)
            {
                Interlocked.Increment(ref _createdTotal);
                if (measured)
                {
                    CreatedLatencyTicks.Add(latencyTicks);
                }
                else
                {
                    WarmupCreated++;
                }
            }
            else
            {
                Fail(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (measured)
            {
                MeasuredRequests++;
            }
        }

        public void Record(bool measured, string failure)
        {
            Fail(failure);
            if (measured)
            {
                MeasuredRequests++;
            }
        }

        private void Fail(string what) => Failures[what] = Failures.GetValueOrDefault(what) + 1;
    }
}
