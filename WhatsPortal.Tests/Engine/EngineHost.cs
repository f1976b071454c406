using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Cluster;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// The engine as an app hosts it (AddWhatsPortalData + AddWhatsAppEngine + its one-silo cluster), on a real
/// SQLite file in a temporary data directory, driving real Chromium against the simulator on real Kestrel.
/// Several hosts can run one after another on the same data directory, as an app restarting would.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDataDirectory;

    private EngineHost(IHost host, string dataDirectory, bool ownsDataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public string DataDirectory { get; }
    public IWhatsAppEngine Engine => _host.Services.GetRequiredService<IWhatsAppEngine>();
    public IEngineEvents Events => _host.Services.GetRequiredService<IEngineEvents>();
    public EnginePaths Paths => _host.Services.GetRequiredService<EnginePaths>();
    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();
    public WhatsPortalDbContext Db() => _host.Services.GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();

    /// <summary>The SQLite file of a data directory, opened without any engine running (to play "the app was down").</summary>
    public static WhatsPortalDbContext OpenDatabase(string dataDirectory) =>
        new WhatsPortalDbContextFactory(new DbContextOptionsBuilder<WhatsPortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dataDirectory, "whatsportal.db")}").Options, TimeProvider.System).AcrossTenants();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "whatsportal-engine-" + Guid.NewGuid().ToString("N"));

    /// <param name="dataDirectory">Shared with later hosts (an app restarting); when null a fresh one is made and deleted at the end.</param>
    /// <param name="clock">The engine's clock (the system clock when null).</param>
    public static async Task<EngineHost> StartAsync(SimulatorServer simulator, string? dataDirectory = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Orleans", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Engine:WhatsAppWebUrl"] = simulator.WebPageUrl,
            ["Engine:ChromiumPath"] = TestChromium.ExecutablePath,
            // Short timings keep the suite quick; the tests poll for outcomes and never assert on time.
            ["Engine:HealthCheckInterval"] = "00:00:01",
            ["Engine:HealthCheckTimeout"] = "00:00:05",
            ["Engine:ReconnectMinDelay"] = "00:00:00.500",
            ["Engine:ReconnectMaxDelay"] = "00:00:03",
            ["Engine:QueuePollInterval"] = "00:00:01",
            ["Engine:PageReadyTimeout"] = "00:00:45",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (clock is not null) builder.Services.AddTestClock(clock);
        builder.Services.AddWhatsPortalData();
        builder.Services.AddWhatsAppEngine();
        builder.AddWhatsPortalCluster();
        var host = builder.Build();

        // Until the hand-written migrations land, the schema comes from the model.
        await using (var db = host.Services.GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants())
            await db.Database.EnsureCreatedAsync();
        await host.StartAsync();
        return new EngineHost(host, dataDirectory, owned);
    }

    /// <summary>A tenant and an instance row, inserted the way the web layer does.</summary>
    public async Task<Instance> CreateInstanceAsync(string name, int sendIntervalMs = 0)
    {
        await using var db = Db();
        var tenant = new Tenant { Name = "tenant-" + Guid.NewGuid().ToString("N")[..8] };
        db.Tenants.Add(tenant);
        var instance = Engine.NewInstance(tenant.Id, name);
        instance.SendIntervalMs = sendIntervalMs;
        instance.SendJitterMs = 0;
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return instance;
    }

    public async Task<Instance> InstanceAsync(Guid id)
    {
        await using var db = Db();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<Message> MessageAsync(Guid id)
    {
        await using var db = Db();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<InstanceStatus>> TransitionsAsync(Guid instanceId, long afterEventId = 0)
    {
        await using var db = Db();
        return await db.InstanceEvents.AsNoTracking()
            .Where(e => e.InstanceId == instanceId && e.Type == "status" && e.Id > afterEventId)
            .OrderBy(e => e.Id).Select(e => e.ToStatus!.Value).ToListAsync();
    }

    public async Task<long> LastEventIdAsync(Guid instanceId)
    {
        await using var db = Db();
        return await db.InstanceEvents.Where(e => e.InstanceId == instanceId).MaxAsync(e => (long?)e.Id) ?? 0;
    }

    public Task WaitForStatusAsync(Guid instanceId, InstanceStatus status, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () => (await InstanceAsync(instanceId)).Status == status,
            $"instance {instanceId} to be {SnakeCaseEnum<InstanceStatus>.Name(status)}", timeout ?? TimeSpan.FromSeconds(90));

    public Task WaitForMessageAsync(Guid messageId, Func<Message, bool> condition, string because) =>
        Eventually.TrueAsync(async () => condition(await MessageAsync(messageId)), because, TimeSpan.FromSeconds(60));

    /// <summary>Starts the instance, links it to <paramref name="phone"/> by "scanning" its QR, and waits until connected.</summary>
    public async Task LinkAsync(SimulatorServer simulator, Guid instanceId, string phone)
    {
        await Engine.StartAsync(instanceId);
        await Eventually.TrueAsync(async () => await Engine.GetQrAsync(instanceId) is not null, "a QR code to show", TimeSpan.FromSeconds(60));
        using var linked = await simulator.LinkAsync(phone, (await Engine.GetQrAsync(instanceId))!.Code);
        Assert.True(linked.IsSuccessStatusCode, $"Linking answered {(int)linked.StatusCode}: {await linked.Content.ReadAsStringAsync()}");
        await WaitForStatusAsync(instanceId, InstanceStatus.Connected);
    }

    /// <summary>Starts a stopped instance that is still linked, and waits until it is connected again (no QR).</summary>
    public async Task LinkAgainAsync(Guid instanceId)
    {
        await Engine.StartAsync(instanceId);
        await WaitForStatusAsync(instanceId, InstanceStatus.Connected);
    }

    public Task<Message> SendTextAsync(Instance instance, string to, string text, string? idempotencyKey = null) =>
        Engine.EnqueueAsync(instance.TenantId, instance.Id, new OutboundMessageRequest(to, text, IdempotencyKey: idempotencyKey));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsDataDirectory) DeleteDataDirectory(DataDirectory);
    }

    public static void DeleteDataDirectory(string dataDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }
}
