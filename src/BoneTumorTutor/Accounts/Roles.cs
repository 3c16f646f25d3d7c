namespace BoneTumorTutor.Accounts;

/// <summary>The product's roles. A person may hold several.</summary>
public static class Roles
{
    public const string Trainee = "Trainee";
    public const string Educator = "Educator";
    public const string Director = "Director";
    public const string Admin = "Admin";

    public const string EducatorOrAdmin = Educator + "," + Admin;
    public const string DirectorOrAdmin = Director + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Trainee, Educator, Director, Admin];
}
