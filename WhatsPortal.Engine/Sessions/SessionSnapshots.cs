using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// The session follows its instance: the WhatsApp Web state of an instance's Chromium profile (the WhatsApp origin's
/// IndexedDB and Local Storage, where WhatsApp Web keeps its device keys) goes to a <see cref="SessionSnapshot"/> row,
/// zipped and encrypted with Data Protection, and a node whose profile is older than the newest row (a node that never
/// ran the instance has none) restores it into a fresh profile before launching, so the instance connects without a QR.
/// Caches, service workers and everything else of the profile stay behind: WhatsApp Web fetches them again, and they
/// would make each snapshot tens of megabytes.
/// </summary>
public sealed class SessionSnapshots(
    WhatsPortalDbContextFactory databases,
    EnginePaths paths,
    IDataProtectionProvider protection,
    IOptions<EngineOptions> engine,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<SessionSnapshots> logger)
{
    /// <summary>Snapshots are readable only through this purpose, so no other protected payload can pass for one.</summary>
    public const string Purpose = "WhatsPortal.Engine.SessionSnapshot.v1";

    /// <summary>In the profile: the id of the snapshot the profile was restored from or last saved as.</summary>
    internal const string MarkerFile = "whatsportal-snapshot";

    /// <summary>Newest rows kept per instance: the one before the newest survives a snapshot that turns out unusable.</summary>
    private const int Kept = 2;

    private const int CopyAttempts = 5;

    // LevelDB's lock file and its human-readable log are not part of its data; the restored database makes its own.
    private static readonly HashSet<string> NotState = new(StringComparer.Ordinal) { "LOCK", "LOG", "LOG.old" };

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    // What the profile's state files looked like when they were last stored, so an unchanged session is not stored again.
    private readonly ConcurrentDictionary<Guid, string> _stored = new();

    /// <summary>
    /// Stores the instance's session state, unless it is what was stored last or a newer owner (a higher epoch) already
    /// stored one. Safe while Chromium runs (see <see cref="Archive"/>); after the browser closed the files are final.
    /// </summary>
    /// <returns>True when a row was stored.</returns>
    public async Task<bool> TakeAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var profile = paths.ProfileDirectory(instanceId);
        var fingerprint = Fingerprint(profile, StateFiles(profile));
        if (fingerprint.Length == 0 || (_stored.TryGetValue(instanceId, out var last) && last == fingerprint)) return false;
        var content = _protector.Protect(Archive(profile));

        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var epoch = await db.InstanceLeases.Where(l => l.InstanceId == instanceId && l.Node == cluster.Value.NodeName)
            .Select(l => (long?)l.Epoch).FirstOrDefaultAsync(cancellationToken) ?? 0;
        if (await db.SessionSnapshots.AnyAsync(s => s.InstanceId == instanceId && s.Epoch > epoch, cancellationToken))
        {
            logger.LogWarning("Instance {InstanceId}: a newer owner stored its session (epoch above {Epoch}); this node's is not kept", instanceId, epoch);
            return false;
        }
        var snapshot = new SessionSnapshot { InstanceId = instanceId, Epoch = epoch, Content = content, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.SessionSnapshots.Add(snapshot);
        await db.SaveChangesAsync(cancellationToken);
        var older = await Newest(db, instanceId).Skip(Kept).Select(s => s.Id).ToListAsync(cancellationToken);
        await db.SessionSnapshots.Where(s => older.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        WriteMarker(profile, snapshot.Id);
        _stored[instanceId] = fingerprint;
        logger.LogInformation("Instance {InstanceId}: session stored as snapshot {SnapshotId} ({Bytes} bytes, epoch {Epoch})",
            instanceId, snapshot.Id, content.Length, epoch);
        return true;
    }

    /// <summary>
    /// Before a launch: when the newest snapshot is not the one the profile holds (always so on a node that never ran
    /// the instance), the profile is replaced by that snapshot. A profile that holds it, or one newer that this node
    /// saved since, is left alone.
    /// </summary>
    public async Task RestoreIfNewerAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        var latest = await Newest(db, instanceId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var profile = paths.ProfileDirectory(instanceId);
        if (latest is null || ReadMarker(profile) == latest.Id) return;

        byte[] archive;
        try
        {
            archive = _protector.Unprotect(latest.Content);
        }
        catch (CryptographicException ex)
        {
            logger.LogError(ex, "Instance {InstanceId}: snapshot {SnapshotId} cannot be decrypted with this node's key ring (do all nodes share the database's?); launching with the local profile",
                instanceId, latest.Id);
            return;
        }
        paths.DeleteProfile(instanceId);
        Directory.CreateDirectory(profile);
        using (var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read))
            zip.ExtractToDirectory(profile);
        WriteMarker(profile, latest.Id);
        _stored.TryRemove(instanceId, out _);
        logger.LogInformation("Instance {InstanceId}: profile restored from snapshot {SnapshotId} (epoch {Epoch})", instanceId, latest.Id, latest.Epoch);
    }

    /// <summary>A logout: the credentials are dead, and neither the profile nor a snapshot may ever bring them back.</summary>
    public async Task ForgetAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        _stored.TryRemove(instanceId, out _);
        // The rows first: a profile that cannot be deleted here is only this node's, a row would reach every node.
        await using (var db = databases.AcrossTenants())
            await db.SessionSnapshots.Where(s => s.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
        paths.DeleteProfile(instanceId);
    }

    private static IQueryable<SessionSnapshot> Newest(WhatsPortalDbContext db, Guid instanceId) =>
        db.SessionSnapshots.Where(s => s.InstanceId == instanceId).OrderByDescending(s => s.Epoch).ThenByDescending(s => s.Id);

    /// <summary>
    /// The state files as a zip. Chromium may be writing while they are read, which LevelDB (behind both IndexedDB and
    /// Local Storage) tolerates in a copy: its table files (.ldb) never change once written, and its write-ahead log
    /// (.log) only grows, so a copy ends at most in a torn last record, which LevelDB drops on open as a write
    /// interrupted by a crash (the page then re-does that last write, or WhatsApp resends it). What a copy must not catch
    /// is a compaction: it writes new table files and a new MANIFEST and deletes the old ones, so a copy could name
    /// tables it does not hold. Files are therefore opened with FileShare.ReadWrite | Delete (Chromium keeps writing and
    /// deleting), and the copy is kept only if the set of files did not change while it was made; otherwise, or when a
    /// file vanished under it, it is made again.
    /// </summary>
    private byte[] Archive(string profile)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = StateFiles(profile);
            try
            {
                using var buffer = new MemoryStream();
                using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var file in before)
                    {
                        var entry = zip.CreateEntry(Path.GetRelativePath(profile, file).Replace('\\', '/'), CompressionLevel.SmallestSize);
                        using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                        using var target = entry.Open();
                        source.CopyTo(target);
                    }
                }
                if (before.SequenceEqual(StateFiles(profile), StringComparer.Ordinal)) return buffer.ToArray();
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && attempt < CopyAttempts)
            {
                // Deleted by a compaction between listing and reading: list again.
            }
            if (attempt >= CopyAttempts) throw new IOException($"The session files of {profile} kept changing during {CopyAttempts} copies.");
        }
    }

    /// <summary>The WhatsApp origin's IndexedDB directories and the profile's Local Storage (only WhatsApp's origin is ever opened in it), sorted.</summary>
    private List<string> StateFiles(string profile)
    {
        var site = new Uri(engine.Value.WhatsAppWebUrl);
        // Chromium names an origin's IndexedDB directories "<scheme>_<host>_<port>.indexeddb.leveldb|blob", port 0 when it is the scheme's default.
        var origin = $"{site.Scheme}_{site.Host}_{(site.IsDefaultPort ? 0 : site.Port)}.indexeddb.";
        var indexedDb = Path.Combine(profile, "Default", "IndexedDB");
        var localStorage = Path.Combine(profile, "Default", "Local Storage");
        var directories = (Directory.Exists(indexedDb) ? Directory.GetDirectories(indexedDb, origin + "*") : [])
            .Append(localStorage).Where(Directory.Exists);
        return [.. directories
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !NotState.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Names, sizes and write times of the files; empty when there are none (nothing to store).</summary>
    private static string Fingerprint(string profile, List<string> files) =>
        string.Join('\n', files.Select(f => new FileInfo(f)).Where(f => f.Exists)
            .Select(f => $"{Path.GetRelativePath(profile, f.FullName)}|{f.Length}|{f.LastWriteTimeUtc.Ticks}"));

    private static long? ReadMarker(string profile) =>
        File.Exists(Path.Combine(profile, MarkerFile)) && long.TryParse(File.ReadAllText(Path.Combine(profile, MarkerFile)), out var id) ? id : null;

    private static void WriteMarker(string profile, long snapshotId) =>
        File.WriteAllText(Path.Combine(profile, MarkerFile), snapshotId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
