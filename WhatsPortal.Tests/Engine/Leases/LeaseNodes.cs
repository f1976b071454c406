using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Sessions;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Engine.Leases;

/// <summary>
/// Several "nodes" over one real database: each is the engine's own service provider (AddWhatsPortalData +
/// AddWhatsAppEngine) with its own <c>Cluster:NodeName</c>, not started (no supervisor, no Chromium), all on one clock
/// the test moves.
/// </summary>
internal sealed class LeaseNodes : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _database;
    private readonly TestDirectory _directory = new();
    private readonly List<ServiceProvider> _nodes = [];

    private LeaseNodes(Dictionary<string, string?> database) => _database = database;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    public static async Task<LeaseNodes> CreateAsync(DatabaseProvider provider)
    {
        var database = provider == DatabaseProvider.Postgres
            ? new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = await TestPostgres.CreateDatabaseAsync() }
            : new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" };
        var nodes = new LeaseNodes(database);
        await using var db = nodes.Node("setup").GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();
        await db.Database.EnsureCreatedAsync();
        return nodes;
    }

    public IServiceProvider Node(string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database)
        {
            ["Storage:DataDirectory"] = _directory.Path,
            ["Cluster:NodeName"] = name,
            ["Engine:LeaseDuration"] = LeaseDuration.ToString(),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(Clock).AddLogging();
        services.AddWhatsPortalData();
        services.AddWhatsAppEngine();
        var provider = services.BuildServiceProvider();
        _nodes.Add(provider);
        return provider;
    }

    public static IInstanceOwnership Ownership(IServiceProvider node) => node.GetRequiredService<IInstanceOwnership>();

    public WhatsPortalDbContext Db() => _nodes[0].GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();

    /// <summary>A tenant with one instance (stopped, as a new one is).</summary>
    public async Task<Instance> CreateInstanceAsync()
    {
        await using var db = Db();
        var tenant = new Tenant { Name = "tenant-" + Guid.NewGuid().ToString("N")[..8] };
        db.Tenants.Add(tenant);
        var instance = new Instance { TenantId = tenant.Id, Name = "sales" };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database["Database:Provider"] == "Postgres")
        {
            await using var db = Db();
            await db.Database.EnsureDeletedAsync();
        }
        foreach (var node in _nodes) await node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
