using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Request budgets against brute force and scripts (configuration section "RateLimits"); all per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per client address (account lockout covers one account; this covers many).</summary>
    [Range(1, 1_000_000)]
    public int LoginPerMinute { get; set; } = 30;

    /// <summary>Registrations per client address.</summary>
    [Range(1, 1_000_000)]
    public int RegisterPerMinute { get; set; } = 10;

    /// <summary>Answer submissions per signed-in user: a person commits at most a few a minute.</summary>
    [Range(1, 1_000_000)]
    public int AnswersPerMinute { get; set; } = 60;

    /// <summary>Uploads and imports per signed-in user.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerMinute { get; set; } = 20;
}

/// <summary>The named rate-limit policies endpoints opt into with [EnableRateLimiting(...)].</summary>
public static class AbuseLimits
{
    public const string Login = "login";
    public const string Register = "register";
    public const string Answer = "answer";
    public const string Upload = "upload";

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Login, http => PerMinute(ClientAddress(http), limits.LoginPerMinute));
            options.AddPolicy(Register, http => PerMinute(ClientAddress(http), limits.RegisterPerMinute));
            options.AddPolicy(Answer, http => PerMinute(UserOrAddress(http), limits.AnswersPerMinute));
            options.AddPolicy(Upload, http => PerMinute(UserOrAddress(http), limits.UploadsPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string ClientAddress(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static string UserOrAddress(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? "user:" + id : ClientAddress(http);
}
