using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Tests.Engine.Leases;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>The Data Protection key ring lives in the database, where every node finds it; an older release's key files move there once.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task The_key_ring_is_kept_in_the_database_and_not_in_the_data_directory()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        (await client.GetAsync("/Account/Login")).EnsureSuccessStatusCode();
        await using var db = portal.Services.GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        Assert.False(Directory.Exists(Path.Combine(portal.DataDirectory, "keys")));
    }

    [Fact]
    public async Task Keys_an_older_release_kept_in_the_data_directory_move_to_the_database_and_still_open_what_they_protected()
    {
        using var data = new TestDirectory();
        var folder = Path.Combine(data.Path, "keys");
        string issuedBefore;
        // What releases before the cluster did: the key ring in <data>/keys.
        await using (var older = new ServiceCollection().AddLogging().AddDataProtection()
            .SetApplicationName(DataServiceCollectionExtensions.KeyRingApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(folder)).Services.BuildServiceProvider())
            issuedBefore = older.GetDataProtector("cookie").Protect("signed in before the upgrade");

        await using var portal = new UpgradedPortal(data.Path);
        Assert.Equal("signed in before the upgrade", portal.Services.GetDataProtector("cookie").Unprotect(issuedBefore));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Nodes_starting_together_on_an_empty_database_make_one_key_and_all_use_it()
    {
        for (var round = 1; round <= 5; round++)
        {
            await using var nodes = await LeaseNodes.CreateAsync(DatabaseProvider.Postgres);
            IServiceProvider[] started = [nodes.Node("node-a"), nodes.Node("node-b"), nodes.Node("node-c")];
            using var together = new Barrier(started.Length);
            await Task.WhenAll(started.Select(node => Task.Run(async () =>
            {
                var firstKey = ActivatorUtilities.CreateInstance<FirstDataProtectionKey>(node);
                together.SignalAndWait();
                await firstKey.EnsureAsync(CancellationToken.None);
            })));

            await using var db = nodes.Db();
            var made = await db.DataProtectionKeys.CountAsync();
            Assert.True(made == 1, $"round {round}: the nodes made {made} keys");
            var defaults = started.Select(n => n.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId).Distinct();
            Assert.Single(defaults);
        }
    }

    private sealed class UpgradedPortal(string dataDirectory) : PortalFactory(dataDirectory);
}
