using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>A real database file or server database for tests that talk to the data layer directly.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly TestDirectory? _directory;

    private TestDatabase(DatabaseProvider provider, string connectionString, TestDirectory? directory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Options = new DbContextOptionsBuilder<WhatsPortalDbContext>().Use(provider, connectionString).Options;
        _directory = directory;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public DbContextOptions<WhatsPortalDbContext> Options { get; }
    public WhatsPortalDbContextFactory Contexts => new(Options, TimeProvider.System);

    /// <summary>An empty database; on SQL Server without <see cref="TestSqlServer.EnvironmentVariable"/> the test is skipped.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                return new TestDatabase(provider, await TestPostgres.CreateDatabaseAsync(), null);
            case DatabaseProvider.SqlServer:
                return new TestDatabase(provider, await TestSqlServer.CreateDatabaseAsync(), null);
            default:
                var directory = new TestDirectory();
                return new TestDatabase(provider, $"Data Source={System.IO.Path.Combine(directory.Path, "test.db")};Pooling=false", directory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            await using var db = Contexts.AcrossTenants();
            await db.Database.EnsureDeletedAsync();
        }
        _directory?.Dispose();
    }
}
