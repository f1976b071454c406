namespace WhatsPortal.Tests.Infrastructure;

/// <summary>A temporary folder for one test's data directory, removed afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "whatsportal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a browser may still hold a profile file; the OS temp cleaner will get it */ }
    }
}
