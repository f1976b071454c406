using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>Blocking through the API, the engine in real Chromium and the simulator's network, which keeps a blocked contact's messages at one tick.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class BlockingTests
{
    private const string InstanceNumber = "5511900000009";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task A_blocked_contacts_message_never_arrives_and_after_unblocking_the_next_one_does()
    {
        await using var world = await LinkedWorld.StartAsync("blocking", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var url = $"/api/v1/instances/{instance.Id}/contacts/{Customer}/block";
        Assert.False((await api.GetFromJsonAsync<ContactsApi.BlockResponse>(url))!.Blocked);

        var blocked = await api.PutAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Equal(new ContactsApi.BlockResponse($"{Customer}@c.us", true), await blocked.Content.ReadFromJsonAsync<ContactsApi.BlockResponse>());
        Assert.True((await api.GetFromJsonAsync<ContactsApi.BlockResponse>(url))!.Blocked);
        var whileBlocked = await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Está aí?");
        Assert.Equal("sent", (await simulator.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == whileBlocked).GetProperty("status").GetString());

        var unblocked = await api.DeleteAsync(url);
        Assert.False((await unblocked.Content.ReadFromJsonAsync<ContactsApi.BlockResponse>())!.Blocked);
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Oi de novo");
        ChatsApi.MessageResponse[] thread = [];
        await Eventually.TrueAsync(async () =>
        {
            // The chat exists once its first message arrived: 404 until then.
            using var response = await api.GetAsync($"/api/v1/instances/{instance.Id}/chats/{Customer}/messages");
            if (!response.IsSuccessStatusCode) return false;
            thread = (await response.Content.ReadFromJsonAsync<ChatsApi.MessageResponse[]>())!;
            return thread.Length > 0;
        }, "the message after unblocking arrives");
        Assert.Equal("Oi de novo", Assert.Single(thread).Text);
    }

    [Fact]
    public async Task A_bad_number_another_tenants_instance_and_a_stopped_instance_are_refused()
    {
        await using var world = await LinkedWorld.StartAsync("blocking-refusals", InstanceNumber);
        var (api, instance) = (world.Api, world.Instance);

        var group = await (await api.PutAsync($"/api/v1/instances/{instance.Id}/contacts/120363000000000000@g.us/block", null)).AssertValidationProblemAsync();
        Assert.Equal(["number"], group.Errors.Keys.ToArray());
        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        await (await other.PutAsync($"/api/v1/instances/{instance.Id}/contacts/{Customer}/block", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/instances/{instance.Id}/contacts/{Customer}/block")).AssertProblemAsync(HttpStatusCode.NotFound);

        (await api.PostAsync($"/api/v1/instances/{instance.Id}/stop", null)).EnsureSuccessStatusCode();
        await (await api.PutAsync($"/api/v1/instances/{instance.Id}/contacts/{Customer}/block", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
