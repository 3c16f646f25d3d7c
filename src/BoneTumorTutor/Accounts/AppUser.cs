using Microsoft.AspNetCore.Identity;

namespace BoneTumorTutor.Accounts;

/// <summary>A person using the product: trainee, educator, director or admin (roles), with their training level.</summary>
public class AppUser : IdentityUser
{
    /// <summary>Name shown to directors and on the user's own pages; never shown to other trainees.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>How the person describes their training: a resident gives the residency year, others their years.</summary>
    public TrainingStage TrainingStage { get; set; }

    public int TrainingStageValue { get; set; }

    /// <summary>The training level in words (e.g. "Resident, year 3").</summary>
    public string TrainingLevel => TrainingLevels.Describe(TrainingStage, TrainingStageValue);

    /// <summary>Years of musculoskeletal radiograph reading; the experience band is derived from it.</summary>
    public int ExperienceYears { get; set; }

    public DateTime CreatedAt { get; set; }
}
