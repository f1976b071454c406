using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Data;

/// <summary>Relaxed commits are asked for by name; everything else reaches the disk before it returns.</summary>
public sealed class CommitDurabilityTests
{
    [Fact]
    public async Task A_SQLite_context_commits_fully_unless_it_asked_for_relaxed_commits_even_on_a_pooled_connection_that_had_them()
    {
        using var directory = new TestDirectory();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = directory.Path,
            }).Build())
            .AddWhatsPortalData()
            .BuildServiceProvider();
        var contexts = services.GetRequiredService<WhatsPortalDbContextFactory>();

        Assert.Equal(Synchronous.Full, await SynchronousOfAsync(contexts.AcrossTenants()));
        Assert.Equal(Synchronous.Normal, await SynchronousOfAsync(contexts.AcrossTenants(CommitDurability.Relaxed)));
        // Microsoft.Data.Sqlite hands out the same pooled connection again: the relaxed setting must not stay on it.
        Assert.Equal(Synchronous.Full, await SynchronousOfAsync(contexts.ForTenant(Guid.NewGuid())));
    }

    private enum Synchronous { Off = 0, Normal = 1, Full = 2, Extra = 3 }

    private static async Task<Synchronous> SynchronousOfAsync(WhatsPortalDbContext db)
    {
        await using (db)
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return (Synchronous)Convert.ToInt32(await command.ExecuteScalarAsync());
        }
    }
}
