using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Sessions;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// The session follows its instance: a node without the instance's Chromium profile restores the encrypted snapshot from
/// the database and connects without a QR. Real Chromium, the simulator on real Kestrel, real SQLite and PostgreSQL.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SessionSnapshotTests
{
    private const string Business = "5511933330000";
    private const string Customer = "5511944440000";

    [Fact]
    public async Task A_profile_deleted_while_stopped_comes_back_from_the_snapshot_without_a_QR_and_logout_deletes_the_snapshots()
    {
        await using var simulator = await StartSimulatorAsync();
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);
        await Eventually.TrueAsync(async () => (await SnapshotsAsync(engine, instance.Id)).Count > 0, "a snapshot right after the link", TimeSpan.FromSeconds(30));

        await engine.Engine.StopAsync(instance.Id);
        var stored = (await SnapshotsAsync(engine, instance.Id)).First();
        AssertEncrypted(engine, stored.Content);

        // A node that never ran the instance has no profile.
        engine.Paths.DeleteProfile(instance.Id);
        var before = await engine.LastEventIdAsync(instance.Id);
        await engine.LinkAgainAsync(instance.Id);
        Assert.DoesNotContain(InstanceStatus.Qr, await engine.TransitionsAsync(instance.Id, before));
        Assert.Equal(1, (await simulator.GetJsonAsync("stats")).GetProperty("linkedDevices").GetInt32());
        await SendsAsync(engine, simulator, instance, "Restored and still sending");

        await engine.Engine.LogoutAsync(instance.Id);
        Assert.Empty(await SnapshotsAsync(engine, instance.Id));
        Assert.False(Directory.Exists(engine.Paths.ProfileDirectory(instance.Id)));
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Another_node_over_the_same_PostgreSQL_database_restores_the_session_and_connects_without_a_QR()
    {
        await using var simulator = await StartSimulatorAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = await TestPostgres.CreateDatabaseAsync(),
        };
        Instance instance;
        await using (var first = await EngineHost.StartAsync(simulator, settings: settings))
        {
            instance = await first.CreateInstanceAsync("sales");
            await first.LinkAsync(simulator, instance.Id, Business);
            // The first node shuts down gracefully with the instance still marked to run (its data directory goes with it).
        }

        await using var second = await EngineHost.StartAsync(simulator, settings: settings);
        await second.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        var transitions = await second.TransitionsAsync(instance.Id);
        Assert.Equal(1, transitions.Count(s => s == InstanceStatus.Qr));
        Assert.Equal(1, (await simulator.GetJsonAsync("stats")).GetProperty("linkedDevices").GetInt32());
        await SendsAsync(second, simulator, instance, "Sent from the node that took over");
        Assert.Equal(0, (await simulator.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    private static async Task<SimulatorServer> StartSimulatorAsync()
    {
        var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        return simulator;
    }

    private static async Task<List<SessionSnapshot>> SnapshotsAsync(EngineHost engine, Guid instanceId)
    {
        await using var db = engine.Db();
        return await db.SessionSnapshots.AsNoTracking().Where(s => s.InstanceId == instanceId).OrderByDescending(s => s.Id).ToListAsync();
    }

    /// <summary>The stored bytes do not show the account, while the archive the node's key ring opens does; another key ring opens nothing.</summary>
    private static void AssertEncrypted(EngineHost engine, byte[] content)
    {
        var number = Encoding.ASCII.GetBytes(Business);
        Assert.Equal(-1, content.AsSpan().IndexOf(number));
        var archive = engine.Service<IDataProtectionProvider>().CreateProtector(SessionSnapshots.Purpose).Unprotect(content);
        using var zip = new ZipArchive(new MemoryStream(archive));
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith("Default/IndexedDB/", StringComparison.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("Cache", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(zip.Entries, e =>
        {
            using var entry = e.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(number) >= 0;
        });
        var otherKeyRing = new EphemeralDataProtectionProvider().CreateProtector(SessionSnapshots.Purpose);
        Assert.ThrowsAny<CryptographicException>(() => otherKeyRing.Unprotect(content));
    }

    private static async Task SendsAsync(EngineHost engine, SimulatorServer simulator, Instance instance, string text)
    {
        var message = await engine.SendTextAsync(instance, Customer, text);
        await engine.WaitForMessageAsync(message.Id, m => m.WhatsAppId is not null, "the message to be sent");
        Assert.Single(await simulator.MessagesAsync(Customer), m => m.GetProperty("text").GetString() == text);
    }
}
