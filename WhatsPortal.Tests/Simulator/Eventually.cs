namespace WhatsPortal.Tests.Simulator;

/// <summary>Polls a condition with a generous timeout: tests wait for outcomes, they never assert on timing.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) => TrueAsync(condition, () => because, timeout);

    /// <param name="because">Read when the time is up, so it can tell what was last seen.</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting: {because()}.");
            await Task.Delay(100);
        }
    }
}
