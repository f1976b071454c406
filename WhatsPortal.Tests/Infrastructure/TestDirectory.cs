namespace WhatsPortal.Tests.Infrastructure;

/// <summary>
/// A temporary folder for one test's data directory, removed afterwards unless WHATSPORTAL_KEEP_TEST_FILES is set, so
/// that the logs a failure names (the nodes', the apps') can still be read.
/// </summary>
public sealed class TestDirectory : IDisposable
{
    private static readonly bool Keep = Environment.GetEnvironmentVariable("WHATSPORTAL_KEEP_TEST_FILES") is { Length: > 0 };

    public TestDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "whatsportal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Keep) return;
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a browser may still hold a profile file; the OS temp cleaner will get it */ }
    }
}
