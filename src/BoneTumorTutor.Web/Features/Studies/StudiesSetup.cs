using BoneTumorTutor.Inference;
using BoneTumorTutor.Studies;

namespace BoneTumorTutor.Web.Features.Studies;

public static class StudiesSetup
{
    /// <summary>Reader studies: set-up, reading, analysis; and the rule that lets a reader see the model after their unaided read.</summary>
    public static IServiceCollection AddReaderStudies(this IServiceCollection services)
    {
        services.AddScoped<StudyService>();
        services.AddScoped<StudyReading>();
        services.AddScoped<StudiesNav>();
        services.AddScoped<IModelOutputAccessRule, StudyModelOutputAccess>();
        return services;
    }
}
