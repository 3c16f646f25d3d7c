using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Admission control under overload (configuration section "Admission").</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// How many ordinary requests (page views, downloads) are processed at once; the rest wait in a FIFO queue before
    /// any work is done on them. 0 means one per processor. Page renders are CPU-bound (SQLite reads come from the page
    /// cache), so one per core keeps the cores busy; with two per core under <c>bench/load.sh</c> the renders crowded
    /// answer submissions out of the thread pool (steady-state answer p99 80–135 ms against 45–75 ms) and the loop
    /// was no faster (170 against 185 loops/s). With one request in all, the loop fell to 124 loops/s.
    /// </summary>
    [Range(0, 10_000)]
    public int Concurrency { get; set; }

    /// <summary>How many ordinary requests may wait; beyond that a request gets 503 with Retry-After at once.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 5_000;

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;
}

/// <summary>
/// Gives committing an answer priority over everything else. When more trainees click than the cores can serve,
/// queueing is unavoidable; this decides where the queue sits. Ordinary requests pass through a shared
/// <see cref="ConcurrencyLimiter"/> before authentication, so a waiting request costs nothing; answer submissions
/// (endpoints under the <see cref="AbuseLimits.Answer"/> policy) skip it, so the write a trainee is waiting on is never
/// stuck behind a burst of page renders and only competes with the few requests already running.
/// </summary>
public static class Admission
{
    public static IServiceCollection AddAdmission(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AdmissionOptions>>().Value;
            return new AdmissionGate(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.EffectiveConcurrency,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        });
        return services;
    }

    /// <summary>Runs after routing (to see the endpoint) and before authentication (so queued requests cost nothing).</summary>
    public static IApplicationBuilder UseAdmission(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsPriority(context.GetEndpoint()))
            {
                await next(context);
                return;
            }

            var gate = context.RequestServices.GetRequiredService<AdmissionGate>();
            RateLimitLease lease;
            try
            {
                lease = await gate.Limiter.AcquireAsync(1, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client went away while waiting: nothing was done for it
            }

            using var held = lease;
            if (!lease.IsAcquired)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await next(context);
        });

    /// <summary>Answer submissions: the endpoints that opt into the answer budget.</summary>
    public static bool IsPriority(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: AbuseLimits.Answer };
}

/// <summary>The app's one limiter for ordinary requests.</summary>
public sealed class AdmissionGate(ConcurrencyLimiter limiter) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = limiter;

    public void Dispose() => Limiter.Dispose();
}
