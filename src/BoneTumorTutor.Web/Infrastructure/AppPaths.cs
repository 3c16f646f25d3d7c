namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Where the app keeps its database and keys, and where it reads content and models from.</summary>
public sealed record AppPaths(string DataDirectory, string ContentDirectory, string ModelsDirectory)
{
    /// <summary>
    /// Resolves the folders from configuration ("Storage:DataDirectory", "Content:Directory", "Models:Directory").
    /// Defaults sit in the repository (the folder holding BoneTumorTutor.sln) when the app runs from a checkout:
    /// data/ (git-ignored), content/ and models/; otherwise beside the content root.
    /// </summary>
    public static AppPaths Resolve(IConfiguration configuration, string contentRoot)
    {
        var baseDirectory = FindRepositoryRoot(contentRoot) ?? FindRepositoryRoot(AppContext.BaseDirectory) ?? contentRoot;
        string Folder(string key, string fallback) =>
            Path.GetFullPath(configuration[key] is { Length: > 0 } configured ? Path.Combine(baseDirectory, configured) : Path.Combine(baseDirectory, fallback));
        return new AppPaths(Folder("Storage:DataDirectory", "data"), Folder("Content:Directory", "content"), Folder("Models:Directory", "models"));
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
