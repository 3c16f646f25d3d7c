using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

// Load generator for the practice loop: N simulated trainees register, then each runs next → case page →
// answer → reveal as fast as the server lets it (after an optional warm-up, reported apart). Reports throughput and
// latency percentiles per page and, with --db, checks that every acknowledged answer is in the database exactly once.
//
//   dotnet run -c Release --project bench/BoneTumorTutor.Load -- --url http://localhost:5099 --users 200 --warmup-seconds 20 --seconds 60 --db data/x.db
//   ... -- verify --db data/x.db --acks acks.txt      (after a crash: integrity check + every acknowledged answer present)
var options = Options.Parse(args);
if (options.Verify)
{
    return Verify(options.Database!, options.AcksFile!);
}

var ackWriter = options.AcksFile is null ? null : new StreamWriter(options.AcksFile, append: false) { AutoFlush = true };
var samples = new ConcurrentBag<Sample>(); // every request of the phase: when it started in the phase, its latency, its error if any
var phaseClock = Stopwatch.StartNew();
var acknowledged = new ConcurrentBag<Guid>();
var tokenPattern = new Regex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.Compiled);
var attemptPattern = new Regex("/practice/([0-9a-f-]{36})$", RegexOptions.Compiled);

Console.WriteLine($"registering {options.Users} trainees at {options.Url} ...");
var clients = new HttpClient[options.Users];
var runId = Guid.NewGuid().ToString("N")[..8];
await Parallel.ForEachAsync(Enumerable.Range(0, options.Users), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
    {
        BaseAddress = new Uri(options.Url),
        Timeout = TimeSpan.FromSeconds(30),
    };
    var page = await client.GetStringAsync("/account/register", ct);
    var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = tokenPattern.Match(page).Groups[1].Value,
        ["Email"] = $"load-{runId}-{i}@example.org",
        ["Password"] = "load-test-password-1",
        ["ConfirmPassword"] = "load-test-password-1",
        ["Stage"] = "Resident",
        ["StageValue"] = "2",
    }), ct);
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"registration {i} failed: {(int)response.StatusCode}");
    }

    clients[i] = client;
});

async Task<HttpResponseMessage?> Timed(string name, Func<Task<HttpResponseMessage>> send)
{
    var startedAt = phaseClock.Elapsed.TotalSeconds;
    var watch = Stopwatch.StartNew();
    try
    {
        var response = await send();
        await response.Content.LoadIntoBufferAsync();
        var failed = (int)response.StatusCode >= 400;
        samples.Add(new Sample(name, startedAt, watch.Elapsed.TotalMilliseconds, failed ? $"{name} {(int)response.StatusCode}" : null));
        return failed ? null : response;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        samples.Add(new Sample(name, startedAt, watch.Elapsed.TotalMilliseconds, $"{name} {ex.GetType().Name}"));
        return null;
    }
}

async Task RunLoop(HttpClient client, DateTime until, bool casePageOnly)
{
    var random = new Random(client.GetHashCode());
    while (DateTime.UtcNow < until)
    {
        var next = await Timed("next", () => client.GetAsync("/practice/next"));
        var location = next?.Headers.Location?.OriginalString;
        var match = location is null ? null : attemptPattern.Match(location);
        if (match is not { Success: true })
        {
            continue;
        }

        var casePage = await Timed("case", () => client.GetAsync(location));
        if (casePage is null)
        {
            continue;
        }

        if (casePageOnly)
        {
            while (DateTime.UtcNow < until)
            {
                await Timed("case", () => client.GetAsync(location));
            }

            return;
        }

        var html = await casePage.Content.ReadAsStringAsync();
        var token = tokenPattern.Match(html).Groups[1].Value;
        var os = random.Next(2) == 0;
        var answer = await Timed("answer", () => client.PostAsync($"{location}/answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Diagnosis"] = os ? "Osteosarcoma" : "GiantCellTumor",
            ["Confidence"] = (os ? random.Next(50, 101) : random.Next(0, 51)).ToString(CultureInfo.InvariantCulture),
        })));
        if (answer?.StatusCode == HttpStatusCode.Redirect)
        {
            var id = Guid.Parse(match.Groups[1].Value);
            acknowledged.Add(id);
            if (ackWriter is not null)
            {
                lock (ackWriter)
                {
                    ackWriter.WriteLine(id);
                }
            }
            await Timed("reveal", () => client.GetAsync(answer.Headers.Location!.OriginalString));
        }
    }
}

// The practice loop runs without a break for warm-up + measured seconds; requests that start in the warm-up are
// reported apart. The warm-up holds the process's one-time costs (JIT tiering, EF query compilation, the first
// connection of each pool), which a server that has been up for more than a minute has already paid. Its answers
// still count in the exactly-once check.
var failures = 0;
foreach (var (phase, seconds, warmup, casePageOnly) in new[]
{
    ("practice loop", options.Seconds, options.WarmupSeconds, false),
    ("case page only", options.CasePageSeconds, 0, true),
})
{
    if (seconds <= 0)
    {
        continue;
    }

    samples.Clear();
    phaseClock.Restart();
    Console.WriteLine($"{phase}: {options.Users} trainees for {seconds} s" + (warmup > 0 ? $" after {warmup} s of warm-up ..." : " ..."));
    var until = DateTime.UtcNow.AddSeconds(warmup + seconds);
    // Every request in flight is awaited before counting.
    await Task.WhenAll(clients.Select(c => Task.Run(() => RunLoop(c, until, casePageOnly))));
    var elapsed = phaseClock.Elapsed.TotalSeconds;
    if (warmup > 0)
    {
        failures += Report($"warm-up, first {warmup} s (reported apart)", [.. samples.Where(x => x.At < warmup)], 0, warmup);
    }

    failures += Report(phase, [.. samples.Where(x => x.At >= warmup)], warmup, elapsed - warmup);
}

Console.WriteLine($"acknowledged answers: {acknowledged.Count}");
if (options.Database is not null)
{
    return CheckExactlyOnce(options.Database, acknowledged.ToList()) ? 0 : 1;
}

return failures == 0 ? 0 : 1;

// Prints throughput and latency per page, the answer's p99 per 10-s window and the errors; returns the error count.
static int Report(string phase, IReadOnlyList<Sample> samples, double from, double seconds)
{
    Console.WriteLine($"== {phase} ({seconds:F1} s)");
    Console.WriteLine($"{"page",-8} {"requests",9} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
    foreach (var name in new[] { "next", "case", "answer", "reveal" })
    {
        var sorted = samples.Where(x => x.Page == name).Select(x => x.Ms).Order().ToArray();
        if (sorted.Length > 0)
        {
            Console.WriteLine($"{name,-8} {sorted.Length,9} {sorted.Length / seconds,8:F0} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.95),8:F1} {Percentile(sorted, 0.99),8:F1} {sorted[^1],8:F1}");
        }
    }

    // How steady the answer's tail was through the phase: a one-off stall shows up as one bad window.
    var windows = samples.Where(x => x.Page == "answer").GroupBy(x => (int)((x.At - from) / 10)).OrderBy(g => g.Key)
        .Select(g => $"{g.Key * 10}s:{Percentile([.. g.Select(x => x.Ms).Order()], 0.99):F0}").ToList();
    if (windows.Count > 0)
    {
        Console.WriteLine($"answer p99 ms per 10 s window: {string.Join(" ", windows)}");
    }

    var errors = samples.Where(x => x.Error is not null).GroupBy(x => x.Error).ToList();
    Console.WriteLine(errors.Count == 0 ? "errors: 0" : "errors: " + string.Join(", ", errors.Select(e => $"{e.Key} ×{e.Count()}")));
    return errors.Sum(e => e.Count());
}

static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static bool CheckExactlyOnce(string database, IReadOnlyList<Guid> acknowledged)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
    connection.Open();
    var stored = new Dictionary<Guid, int>();
    using (var command = connection.CreateCommand())
    {
        command.CommandText = "SELECT PublicId FROM Attempts WHERE AnsweredAt IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetGuid(0);
            stored[id] = stored.GetValueOrDefault(id) + 1;
        }
    }

    var missing = acknowledged.Count(id => !stored.ContainsKey(id));
    var duplicated = stored.Count(s => s.Value > 1);
    var distinctAcks = acknowledged.Distinct().Count();
    Console.WriteLine($"database: {stored.Count} answered attempts; acknowledged {acknowledged.Count} ({distinctAcks} distinct); missing {missing}; duplicated {duplicated}");
    return missing == 0 && duplicated == 0 && distinctAcks == acknowledged.Count;
}

static int Verify(string database, string acksFile)
{
    using (var connection = new SqliteConnection($"Data Source={database}"))
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = (string)command.ExecuteScalar()!;
        Console.WriteLine($"integrity_check: {result}");
        if (result != "ok")
        {
            return 1;
        }
    }

    var acknowledged = File.ReadAllLines(acksFile).Where(l => l.Length > 0).Select(Guid.Parse).ToList();
    return CheckExactlyOnce(database, acknowledged) ? 0 : 1;
}

internal sealed record Sample(string Page, double At, double Ms, string? Error);

internal sealed record Options(string Url, int Users, int WarmupSeconds, int Seconds, int CasePageSeconds, string? Database, string? AcksFile, bool Verify)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            Value("--url") ?? "http://localhost:5099",
            Number("--users", 200),
            Number("--warmup-seconds", 0),
            Number("--seconds", 60),
            Number("--case-page-seconds", 20),
            Value("--db"),
            Value("--acks"),
            args.FirstOrDefault() == "verify");
    }
}
