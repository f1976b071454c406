using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// Releases before the cluster kept the Data Protection key ring in <c>&lt;data&gt;/keys</c>. Its keys move into the
/// database once, before the key ring is first read, so sign-in cookies and invitation links issued before the upgrade
/// still work; the folder is deleted afterwards, so the keys live in one place.
/// </summary>
public sealed class LegacyKeyFiles(WhatsPortalDbContextFactory databases, IOptions<StorageOptions> storage, ILogger<LegacyKeyFiles> logger)
{
    public async Task ImportAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(storage.Value.FullDataDirectory, "keys");
        if (!Directory.Exists(folder)) return;
        await using var db = databases.AcrossTenants();
        var known = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken);
        // The file system repository names each file after the key ("key-<id>.xml"); the database one keeps that name as FriendlyName.
        var files = Directory.GetFiles(folder, "*.xml").Where(f => !known.Contains(Path.GetFileNameWithoutExtension(f))).ToList();
        foreach (var file in files)
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = await File.ReadAllTextAsync(file, cancellationToken) });
        await db.SaveChangesAsync(cancellationToken);
        Directory.Delete(folder, recursive: true);
        logger.LogInformation("Moved {Count} Data Protection keys from {Folder} into the database", files.Count, folder);
    }
}
