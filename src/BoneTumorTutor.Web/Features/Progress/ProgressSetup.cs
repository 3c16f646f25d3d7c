using BoneTumorTutor.Progress;

namespace BoneTumorTutor.Web.Features.Progress;

public static class ProgressSetup
{
    /// <summary>Learner progress and the director's dashboard; the "behind" rule and expectations come from configuration section "Progress".</summary>
    public static IServiceCollection AddProgress(this IServiceCollection services)
    {
        services.AddOptions<ProgressOptions>()
            .BindConfiguration(ProgressOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ProgressService>();
        services.AddScoped<CohortService>();
        return services;
    }
}
