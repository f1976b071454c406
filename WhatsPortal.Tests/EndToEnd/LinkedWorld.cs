using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>The usual start of an end-to-end test: a simulator, the app over it, a tenant's API client and one instance linked to a number.</summary>
public sealed class LinkedWorld : IAsyncDisposable
{
    private readonly TestDirectory _data;

    private LinkedWorld(SimulatorServer simulator, TestDirectory data, EngineBackedPortal portal, Guid tenantId, HttpClient api, InstancesApi.InstanceResponse instance)
    {
        Simulator = simulator;
        TenantId = tenantId;
        _data = data;
        Portal = portal;
        Api = api;
        Instance = instance;
    }

    public SimulatorServer Simulator { get; }
    public EngineBackedPortal Portal { get; }
    public Guid TenantId { get; }
    public HttpClient Api { get; }
    public InstancesApi.InstanceResponse Instance { get; }

    public static async Task<LinkedWorld> StartAsync(string instanceName, string instanceNumber, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var simulator = await SimulatorServer.StartAsync();
        var data = new TestDirectory();
        var portal = new EngineBackedPortal(simulator, data.Path, settings);
        var (tenantId, key) = await portal.CreateTenantWithKeyAsync();
        var api = portal.ApiClient(key);
        var instance = await portal.CreateConnectedInstanceAsync(api, instanceName, instanceNumber);
        return new LinkedWorld(simulator, data, portal, tenantId, api, instance);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Portal.DisposeAsync();
        await Simulator.DisposeAsync();
        _data.Dispose();
    }
}
