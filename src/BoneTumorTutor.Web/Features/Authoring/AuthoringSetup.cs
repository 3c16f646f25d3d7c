using BoneTumorTutor.Authoring;

namespace BoneTumorTutor.Web.Features.Authoring;

public static class AuthoringSetup
{
    /// <summary>The case editor and its statistics, exports and imports.</summary>
    public static IServiceCollection AddAuthoring(this IServiceCollection services)
    {
        services.AddScoped<CaseEditor>();
        services.AddScoped<CaseStatistics>();
        services.AddScoped<BoneTumorTutor.Content.CaseExport>();
        services.AddScoped<BoneTumorTutor.Importing.CaseImporter>();
        services.AddOptions<Import.ImportOptions>().BindConfiguration(Import.ImportOptions.Section);
        services.AddSingleton<Import.ImportJobs>();
        return services;
    }
}
