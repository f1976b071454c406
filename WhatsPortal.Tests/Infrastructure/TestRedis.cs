namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The throwaway Redis scripts/test.sh starts (the cluster's membership store). Without it a test fails with what to do, never skips.</summary>
public static class TestRedis
{
    public const string EnvironmentVariable = "WHATSPORTAL_TEST_REDIS";

    /// <summary>host:port of the server.</summary>
    public static string Address =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException(
                $"Redis is needed for this test. Run ./scripts/test.sh (it installs redis-server when missing and starts a throwaway " +
                $"server), or set {EnvironmentVariable} to host:port of a Redis server the test may write to.");
}
