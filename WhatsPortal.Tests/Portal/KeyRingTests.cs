using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Tests.Infrastructure;

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

    private sealed class UpgradedPortal(string dataDirectory) : PortalFactory(dataDirectory);
}
