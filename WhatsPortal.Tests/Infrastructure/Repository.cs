namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, for tests that read sources or installed npm packages.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "package.json"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (package.json) was not found above the test output.");
    }
}
