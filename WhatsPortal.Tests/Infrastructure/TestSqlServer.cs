using Microsoft.Data.SqlClient;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>
/// A SQL Server named by <see cref="EnvironmentVariable"/>. None can run on our machines (no Debian package, no
/// containers), so without it the tests that need one are skipped, saying why: the one skip the suite allows.
/// Those tests are [SkippableFact]/[SkippableTheory]; each caller gets a fresh database of its own.
/// </summary>
public static class TestSqlServer
{
    public const string EnvironmentVariable = "WHATSPORTAL_TEST_SQLSERVER";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new SkipException(
                $"No SQL Server: set {EnvironmentVariable} to a connection string of a server where that login may create databases " +
                "(e.g. \"Server=localhost;User Id=sa;Password=...;TrustServerCertificate=True\") to run this test on SQL Server.");

    /// <summary>Skips the calling test unless a SQL Server is named.</summary>
    public static void Require() => _ = ServerConnectionString;

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "wp_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new SqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new SqlConnectionStringBuilder(ServerConnectionString) { InitialCatalog = name }.ConnectionString;
    }
}
