namespace BoneTumorTutor.Data;

/// <summary>Where the app keeps its database and keys, and where it reads content and models from.</summary>
public sealed record AppPaths(string DataDirectory, string ContentDirectory, string ModelsDirectory)
{
    public const string DatabaseFileName = "bonetumortutor.db";

    /// <summary>The default SQLite connection string: a file in the data folder.</summary>
    public string DefaultConnectionString => $"Data Source={Path.Combine(DataDirectory, DatabaseFileName)}";

    /// <summary>
    /// Resolves the folders. Relative or missing values are taken from the checkout (the folder holding
    /// BoneTumorTutor.sln) when the app runs from one — data/ (git-ignored), content/ and models/ — otherwise from
    /// <paramref name="start"/>.
    /// </summary>
    public static AppPaths Resolve(string start, string? dataDirectory = null, string? contentDirectory = null, string? modelsDirectory = null)
    {
        var baseDirectory = FindRepositoryRoot(start) ?? FindRepositoryRoot(AppContext.BaseDirectory) ?? start;
        string Folder(string? configured, string fallback) =>
            Path.GetFullPath(Path.Combine(baseDirectory, string.IsNullOrWhiteSpace(configured) ? fallback : configured));
        return new AppPaths(Folder(dataDirectory, "data"), Folder(contentDirectory, "content"), Folder(modelsDirectory, "models"));
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BoneTumorTutor.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
