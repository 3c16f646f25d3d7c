using System.ComponentModel.DataAnnotations;
using BoneTumorTutor.Accounts;

namespace BoneTumorTutor.Web.Features.Account;

public sealed class RegisterInput
{
    [Required, EmailAddress, StringLength(200)]
    public string Email { get; set; } = "";

    [Display(Name = "Display name"), StringLength(80)]
    public string? DisplayName { get; set; }

    [Required, DataType(DataType.Password), StringLength(200, MinimumLength = 10)]
    public string Password { get; set; } = "";

    [Required, DataType(DataType.Password), Display(Name = "Confirm password"), Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";

    [Required, Display(Name = "Training stage")]
    public TrainingStage? Stage { get; set; }

    /// <summary>Residency year for residents; years of MSK reading otherwise.</summary>
    [Required, Range(0, 60), Display(Name = "Residency year, or years of MSK reading")]
    public int? StageValue { get; set; }
}

public sealed class LoginInput
{
    [Required, EmailAddress]
    public string Email { get; set; } = "";

    [Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "Keep me signed in")]
    public bool RememberMe { get; set; }
}

public sealed class ProfileInput
{
    [Display(Name = "Display name"), StringLength(80)]
    public string? DisplayName { get; set; }

    [Required, Display(Name = "Training stage")]
    public TrainingStage? Stage { get; set; }

    [Required, Range(0, 60), Display(Name = "Residency year, or years of MSK reading")]
    public int? StageValue { get; set; }
}

public sealed record ProfileView(ProfileInput Input, string Email, string TrainingLevel, int ExperienceYears, string Band, IReadOnlyList<string> Roles, bool Saved);
