using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>Checking numbers through the API, the engine in real Chromium and the simulator's network, which counts every question it is asked.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NumberChecksTests
{
    private const string InstanceNumber = "5511900000001";
    private const string Customer = "5511988887777";
    private const string Stranger = "5511977776666";

    // Paced, as in production, but briefly: the paced path runs without making the test slow.
    private static readonly KeyValuePair<string, string?>[] Pacing =
        [new("Engine:NumberCheckIntervalMs", "200"), new("Engine:NumberCheckJitterMs", "0")];

    [Fact]
    public async Task Numbers_are_answered_in_order_and_asked_of_WhatsApp_once_while_cached()
    {
        await using var world = await LinkedWorld.StartAsync("checks", InstanceNumber, Pacing);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var asked = await ExistenceQueriesAsync(simulator);

        // The customer, the customer without the Brazilian ninth digit, and a number nobody has.
        var first = await CheckAsync(api, instance.Id, Customer, "+55 11 8888-7777", Stranger);
        Assert.Equal(new[] { Customer, "+55 11 8888-7777", Stranger }, first.Select(c => c.Number));
        Assert.Equal(new[] { true, true, false }, first.Select(c => c.OnWhatsApp));
        Assert.Equal(new string?[] { $"{Customer}@c.us", $"{Customer}@c.us", null }, first.Select(c => c.WhatsAppId));
        Assert.Equal(asked + 3, await ExistenceQueriesAsync(simulator));

        var again = await CheckAsync(api, instance.Id, Stranger, Customer);
        Assert.Equal(new[] { false, true }, again.Select(c => c.OnWhatsApp));
        Assert.Equal(new[] { first[2].CheckedAt, first[0].CheckedAt }, again.Select(c => c.CheckedAt));
        Assert.Equal(asked + 3, await ExistenceQueriesAsync(simulator));
    }

    [Fact]
    public async Task Bad_numbers_another_tenants_instance_and_a_stopped_instance_are_refused_and_nothing_is_asked()
    {
        await using var world = await LinkedWorld.StartAsync("refusals", InstanceNumber, Pacing);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        var asked = await ExistenceQueriesAsync(simulator);
        var url = $"/api/v1/instances/{instance.Id}/contacts/check";

        var malformed = await (await api.PostAsJsonAsync(url, new { numbers = new[] { Customer, "<img src=x onerror=alert(1)>" } })).AssertValidationProblemAsync();
        Assert.Equal(["numbers[1]"], malformed.Errors.Keys.ToArray());
        var none = await (await api.PostAsJsonAsync(url, new { numbers = Array.Empty<string>() })).AssertValidationProblemAsync();
        Assert.Equal(["numbers"], none.Errors.Keys.ToArray());
        var tooMany = await (await api.PostAsJsonAsync(url, new { numbers = Enumerable.Range(0, 51).Select(i => $"55119{i:D8}").ToArray() })).AssertValidationProblemAsync();
        Assert.Contains("between 1 and 50", tooMany.Errors["numbers"].Single());

        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        await (await other.PostAsJsonAsync(url, new { numbers = new[] { Customer } })).AssertProblemAsync(HttpStatusCode.NotFound);

        (await api.PostAsync($"/api/v1/instances/{instance.Id}/stop", null)).EnsureSuccessStatusCode();
        var stopped = await (await api.PostAsJsonAsync(url, new { numbers = new[] { Customer } })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not running", stopped.Detail);
        Assert.Equal(asked, await ExistenceQueriesAsync(simulator));
    }

    private static async Task<ContactsApi.NumberCheckResponse[]> CheckAsync(HttpClient api, Guid instanceId, params string[] numbers)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/instances/{instanceId}/contacts/check", new { numbers });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContactsApi.NumberCheckResponse[]>())!;
    }

    private static async Task<int> ExistenceQueriesAsync(SimulatorServer simulator) =>
        (await simulator.GetJsonAsync("stats")).GetProperty("existenceQueries").GetInt32();
}
