namespace WhatsPortal.Benchmarks;

/// <summary>Where the repository and the build output of its other apps are, relative to this benchmark's own output.</summary>
internal static class BuildOutput
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WhatsPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No WhatsPortal.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The assembly of <paramref name="project"/>, built in the same configuration as this benchmark (its project
    /// reference builds it), in this checkout or in another one at <paramref name="root"/> (a baseline revision).
    /// </summary>
    public static string Assembly(string project, string? root = null)
    {
        var ownRoot = RepositoryRoot();
        root ??= ownRoot;
        var ownProject = Path.Combine(ownRoot, "WhatsPortal.Benchmarks");
        var outputPath = Path.GetRelativePath(ownProject, AppContext.BaseDirectory);
        var assembly = Path.Combine(root, project, outputPath, project + ".dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"{project} is not built at {assembly}.", assembly);
    }
}
