using System.Net.Http.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IsolationUnderLoadTests
{
    [Fact]
    public async Task Five_instances_of_two_tenants_run_at_once_and_no_message_crosses_instances_or_tenants()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var data = new TestDirectory();
        await using var portal = new EngineBackedPortal(simulator, data.Path);
        var (_, keyA) = await portal.CreateTenantWithKeyAsync();
        var (_, keyB) = await portal.CreateTenantWithKeyAsync();
        using var apiA = portal.ApiClient(keyA);
        using var apiB = portal.ApiClient(keyB);

        var layout = new (HttpClient Api, string Name, string Number, string Customer)[]
        {
            (apiA, "a-sales", "5511900000011", "5511977770011"),
            (apiA, "a-support", "5511900000012", "5511977770012"),
            (apiA, "a-delivery", "5511900000013", "5511977770013"),
            (apiB, "b-sales", "5511900000021", "5511977770021"),
            (apiB, "b-support", "5511900000022", "5511977770022"),
        };
        var instances = new List<(HttpClient Api, Guid Id, string Number, string Customer)>();
        foreach (var (api, name, number, customer) in layout)
        {
            var instance = await portal.CreateConnectedInstanceAsync(api, name, number);
            await simulator.CreatePhoneAsync(customer, "Customer of " + name);
            instances.Add((api, instance.Id, number, customer));
        }

        // Every instance talks to its own customer in both directions, all at once.
        await Task.WhenAll(instances.Select(async i =>
        {
            for (var n = 0; n < 3; n++)
            {
                var response = await i.Api.PostAsJsonAsync($"/api/v1/instances/{i.Id}/messages", new { to = i.Customer, text = $"from {i.Number} #{n}" });
                response.EnsureSuccessStatusCode();
                await simulator.SendFromPhoneAsync(i.Customer, i.Number, $"to {i.Number} #{n}");
            }
        }));

        foreach (var i in instances)
        {
            await Eventually.TrueAsync(async () => (await simulator.MessagesAsync(i.Customer)).Count(m => m.GetProperty("direction").GetString() == "received") == 3,
                $"{i.Customer} receives its three messages");
            var received = (await simulator.MessagesAsync(i.Customer)).Where(m => m.GetProperty("direction").GetString() == "received");
            Assert.All(received, m => Assert.StartsWith($"from {i.Number} ", m.GetProperty("text").GetString()));

            ChatsApi.MessageResponse[] inbound = [];
            await Eventually.TrueAsync(async () =>
            {
                var thread = (await i.Api.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{i.Id}/chats/{i.Customer}/messages"))!;
                inbound = thread.Where(m => m.Direction == "inbound").ToArray();
                return inbound.Length == 3;
            }, $"instance {i.Number} stores the three replies");
            Assert.All(inbound, m => Assert.StartsWith($"to {i.Number} ", m.Text));
            var chats = (await i.Api.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"/api/v1/instances/{i.Id}/chats"))!;
            Assert.Equal($"{i.Customer}@c.us", Assert.Single(chats).RemoteId);
        }

        Assert.Equal(3, (await apiA.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!.Length);
        Assert.Equal(2, (await apiB.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!.Length);
        Assert.Equal(0, (await simulator.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }
}
