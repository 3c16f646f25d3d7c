using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

// Load generator for the practice loop: N simulated trainees register, then each runs next → case page →
// answer → reveal as fast as the server lets it. Reports throughput and latency percentiles per page and, with
// --db, checks that every acknowledged answer is in the database exactly once.
//
//   dotnet run -c Release --project bench/BoneTumorTutor.Load -- --url http://localhost:5099 --users 200 --seconds 60 --db data/x.db
//   ... -- verify --db data/x.db --acks acks.txt      (after a crash: integrity check + every acknowledged answer present)
var options = Options.Parse(args);
if (options.Verify)
{
    return Verify(options.Database!, options.AcksFile!);
}

var ackWriter = options.AcksFile is null ? null : new StreamWriter(options.AcksFile, append: false) { AutoFlush = true };
var stats = new ConcurrentDictionary<string, ConcurrentBag<double>>();
var errors = new ConcurrentDictionary<string, int>();
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
    var watch = Stopwatch.StartNew();
    try
    {
        var response = await send();
        await response.Content.LoadIntoBufferAsync();
        stats.GetOrAdd(name, _ => []).Add(watch.Elapsed.TotalMilliseconds);
        if ((int)response.StatusCode >= 400)
        {
            errors.AddOrUpdate($"{name} {(int)response.StatusCode}", 1, (_, n) => n + 1);
            return null;
        }

        return response;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        errors.AddOrUpdate($"{name} {ex.GetType().Name}", 1, (_, n) => n + 1);
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

foreach (var (phase, seconds, casePageOnly) in new[] { ("practice loop", options.Seconds, false), ("case page only", options.CasePageSeconds, true) })
{
    if (seconds <= 0)
    {
        continue;
    }

    stats.Clear();
    errors.Clear();
    Console.WriteLine($"{phase}: {options.Users} trainees for {seconds} s ...");
    var until = DateTime.UtcNow.AddSeconds(seconds);
    var wall = Stopwatch.StartNew();
    // Every request in flight is awaited before counting.
    await Task.WhenAll(clients.Select(c => Task.Run(() => RunLoop(c, until, casePageOnly))));
    var elapsed = wall.Elapsed.TotalSeconds;
    Console.WriteLine($"== {phase} ({elapsed:F1} s)");
    Console.WriteLine($"{"page",-8} {"requests",9} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
    foreach (var name in new[] { "next", "case", "answer", "reveal" })
    {
        if (!stats.TryGetValue(name, out var bag) || bag.IsEmpty)
        {
            continue;
        }

        var sorted = bag.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"{name,-8} {sorted.Length,9} {sorted.Length / elapsed,8:F0} {P(0.50),8:F1} {P(0.95),8:F1} {P(0.99),8:F1} {sorted[^1],8:F1}");
    }

    Console.WriteLine(errors.IsEmpty ? "errors: 0" : "errors: " + string.Join(", ", errors.Select(e => $"{e.Key} ×{e.Value}")));
}

Console.WriteLine($"acknowledged answers: {acknowledged.Count}");
if (options.Database is not null)
{
    return CheckExactlyOnce(options.Database, acknowledged.ToList()) ? 0 : 1;
}

return errors.IsEmpty ? 0 : 1;

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

internal sealed record Options(string Url, int Users, int Seconds, int CasePageSeconds, string? Database, string? AcksFile, bool Verify)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            Value("--url") ?? "http://localhost:5099",
            Number("--users", 200),
            Number("--seconds", 60),
            Number("--case-page-seconds", 20),
            Value("--db"),
            Value("--acks"),
            args.FirstOrDefault() == "verify");
    }
}
