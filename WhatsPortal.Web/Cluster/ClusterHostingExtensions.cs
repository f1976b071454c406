using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using WhatsPortal.Data;
using ClusterSettings = WhatsPortal.Engine.ClusterOptions;

namespace WhatsPortal.Web.Cluster;

/// <summary>
/// Every node hosts an Orleans silo, which owns the instances' grains (docs/architecture.md, "Cluster: ownership").
/// Without <c>Cluster:Enabled</c> the node is a one-silo cluster of its own on loopback, so one node and many run the
/// same code.
/// </summary>
public static class ClusterHostingExtensions
{
    private const string ServiceName = "whatsportal";

    public static IHostApplicationBuilder AddWhatsPortalCluster(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (settings.Enabled) RefuseWithoutSharedStores(settings, database);

        builder.UseOrleans(silo =>
        {
            var siloPort = settings.SiloPort == 0 ? FreePort() : settings.SiloPort;
            if (!settings.Enabled)
            {
                // No gateway: Orleans clients would need one, and the node's own code calls its grains in-process.
                silo.UseLocalhostClustering(siloPort, settings.GatewayPort, serviceId: ServiceName, clusterId: ServiceName);
                return;
            }
            silo.UseRedisClustering(settings.Redis!);
            var clusterId = ClusterIdOf(builder.Configuration.GetConnectionString(database.Provider.ToString()));
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, ServiceName));
            silo.ConfigureEndpoints(siloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            silo.Configure<ClusterMembershipOptions>(TuneFailureDetection);
        });
        return builder;
    }

    /// <summary>
    /// A node that died is declared dead within seconds (a few missed 2-second probes, one vote enough), not Orleans'
    /// default minute and a half: its instances are down until then. The cost is a slow node taken for dead, which the
    /// database leases make harmless (docs/architecture.md).
    /// </summary>
    private static void TuneFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        // A node no one probes (the last one standing is probed by nobody) is found dead by its stale I-am-alive row.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.NumMissedTableIAmAliveLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        // Every restart is a new silo in the table: drop the dead ones after an hour rather than a week.
        options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }

    private static void RefuseWithoutSharedStores(ClusterSettings settings, DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
            throw new InvalidOperationException("Cluster:Enabled needs a database every node shares: set Database:Provider to Postgres or SqlServer (SQLite is one node's file).");
        if (string.IsNullOrWhiteSpace(settings.Redis))
            throw new InvalidOperationException("Cluster:Enabled needs Cluster:Redis, the Redis the nodes find each other in (e.g. 127.0.0.1:6379).");
    }

    /// <summary>
    /// The nodes of a cluster are those sharing a database, so the cluster is named after it: one Redis can serve
    /// several clusters (test runs, staging beside production) without their silos joining each other.
    /// </summary>
    private static string ClusterIdOf(string? connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var name = (parts.TryGetValue("Database", out var database) ? database : parts.TryGetValue("Initial Catalog", out var catalog) ? catalog : null) as string;
        return string.IsNullOrWhiteSpace(name) ? ServiceName : $"{ServiceName}-{name}";
    }

    /// <summary>A port free right now: Orleans must know its silo port before it listens, so it cannot take 0 itself.</summary>
    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
