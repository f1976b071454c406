namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The Redis server scripts/test.sh starts for the cluster tests. Without it a test fails with what to do, never skips.</summary>
public static class TestRedis
{
    public const string EnvironmentVariable = "WHATSPORTAL_TEST_REDIS";

    public static string Endpoint =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } endpoint
            ? endpoint
            : throw new InvalidOperationException(
                $"Redis is needed for this test. Install redis-server and run ./scripts/test.sh (it installs redis-server when missing " +
                $"and starts a throwaway server), or set {EnvironmentVariable} to a Redis endpoint such as 127.0.0.1:6379.");
}
