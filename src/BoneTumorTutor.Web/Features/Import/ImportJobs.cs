using BoneTumorTutor.Importing;

namespace BoneTumorTutor.Web.Features.Import;

/// <summary>Folders the import page may read (configuration section "Import"); nothing outside them can be named.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Folders holding collections to import (each root and its direct subfolders are offered). Default: data/import.</summary>
    public List<string> Roots { get; set; } = [];
}

/// <summary>One import started from the browser: what it reads, who started it, and its progress so far.</summary>
public sealed class ImportJob(string description, string startedBy, DateTime startedAt)
{
    public Guid Id { get; } = Guid.NewGuid();
    public string Description { get; } = description;
    public string StartedBy { get; } = startedBy;
    public DateTime StartedAt { get; } = startedAt;
    public ImportProgress? Progress { get; set; }
    public string? Fatal { get; set; }
    public bool Finished { get; set; }
}

/// <summary>Runs at most one import at a time in the background and keeps the latest one's progress for polling.</summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ImportJobs> logger)
{
    private readonly Lock _gate = new();
    private ImportJob? _latest;

    public ImportJob? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Starts an import unless one is running; reading the source happens inside the job so a bad folder is reported there.</summary>
    public ImportJob? TryStart(string description, string startedBy, Func<ImportSource> read, ImportSettings settings)
    {
        ImportJob job;
        lock (_gate)
        {
            if (_latest is { Finished: false })
            {
                return null;
            }

            job = new ImportJob(description, startedBy, clock.GetUtcNow().UtcDateTime);
            _latest = job;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var source = read();
                using var scope = scopes.CreateScope();
                var importer = scope.ServiceProvider.GetRequiredService<CaseImporter>();
                await importer.RunAsync(source, settings, new Reporter(job), lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                job.Fatal = ex.Message;
                logger.LogWarning("Import {Description} stopped: {Message}", description, ex.Message);
            }
            catch (Exception ex)
            {
                job.Fatal = "The import failed unexpectedly; the cases stored so far are kept and a re-run resumes.";
                logger.LogError(ex, "Import {Description} failed", description);
            }
            finally
            {
                job.Finished = true;
            }
        });
        return job;
    }

    private sealed class Reporter(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress = value;
    }
}
