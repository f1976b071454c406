using Npgsql;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server scripts/test.sh starts. Without it a test fails with what to do, never skips.
/// Each caller gets a fresh database of its own.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "WHATSPORTAL_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"PostgreSQL is needed for this test. Run ./scripts/test.sh (it installs PostgreSQL when missing and starts a " +
                $"throwaway server), or set {EnvironmentVariable} to a connection string of a server where that user may create databases.");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "wp_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }
}
