namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The Redis server scripts/test.sh starts (the cluster's membership store). Without it a test fails with what to do, never skips.</summary>
public static class TestRedis
{
    public const string EnvironmentVariable = "WHATSPORTAL_TEST_REDIS";

    public static string Configuration =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException(
                $"Redis is needed for this test. Install redis-server or run ./scripts/test.sh (it installs Redis when missing and starts a " +
                $"throwaway server), or set {EnvironmentVariable} to host:port of a Redis server.");
}
