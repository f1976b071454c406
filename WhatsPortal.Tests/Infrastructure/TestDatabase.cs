using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WhatsPortal.Data;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>A real database file or server database for tests that talk to the data layer directly.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly TestDirectory? _directory;

    private TestDatabase(DatabaseProvider provider, DbContextOptions<WhatsPortalDbContext> options, TestDirectory? directory)
    {
        Provider = provider;
        Options = options;
        _directory = directory;
    }

    public DatabaseProvider Provider { get; }
    public DbContextOptions<WhatsPortalDbContext> Options { get; }
    public WhatsPortalDbContextFactory Contexts => new(Options);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var builder = new DbContextOptionsBuilder<WhatsPortalDbContext>()
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (provider == DatabaseProvider.Postgres)
            return new TestDatabase(provider, builder.UseNpgsql(await TestPostgres.CreateDatabaseAsync()).Options, null);

        var directory = new TestDirectory();
        var options = builder.UseSqlite($"Data Source={System.IO.Path.Combine(directory.Path, "test.db")};Pooling=false").Options;
        return new TestDatabase(provider, options, directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var db = Contexts.AcrossTenants();
            await db.Database.EnsureDeletedAsync();
        }
        _directory?.Dispose();
    }
}
