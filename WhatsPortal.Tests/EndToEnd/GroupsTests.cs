using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// Groups through the API, the engine in real Chromium and the simulator's network: an admin instance creates and runs a
/// group whose every change reaches the webhook, and an instance that is only a participant is refused as WhatsApp refuses it.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class GroupsTests
{
    private const string InstanceNumber = "5511900000031";
    private const string Ana = "5511977770031";
    private const string Bruno = "5511977770032";
    private const string Carla = "5511977770033";
    private const string NotOnWhatsApp = "5511977770039";
    // Messages arrive live only: the history import on connecting would race them.
    private static readonly KeyValuePair<string, string?> NoImport = new("Engine:ImportChatCount", "0");

    [Fact]
    public async Task An_admin_instance_creates_a_group_writes_to_it_changes_it_and_every_change_reaches_the_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("groups", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook",
            new { url = receiver.Url.ToString(), events = new[] { "group.participants", "group.updated", "message.received" } })).EnsureSuccessStatusCode();
        await simulator.CreatePhoneAsync(Ana, "Ana");
        await simulator.CreatePhoneAsync(Bruno, "Bruno");
        var groups = $"/api/v1/instances/{instance.Id}/groups";

        var created = await api.PostAsJsonAsync(groups, new { subject = "Entregas", participants = new[] { Ana, "+55 11 97777-0032", NotOnWhatsApp } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = (await created.Content.ReadFromJsonAsync<GroupsApi.CreatedGroupResponse>())!;
        Assert.EndsWith("@g.us", group.Id);
        Assert.Equal([(Ana, true, 200), ("+55 11 97777-0032", true, 200), (NotOnWhatsApp, false, 404)],
            group.Participants.Select(p => (p.Number, p.Added, p.Code)));
        Assert.Equal("Not on WhatsApp.", group.Participants[2].Reason);
        var added = await EventAsync(receiver, "group.participants", d => d.GetProperty("action").GetString() == "add");
        Assert.Equal(group.Id, added.GetProperty("groupId").GetString());
        Assert.Contains($"{Ana}@c.us", Numbers(added));

        var details = (await api.GetFromJsonAsync<GroupDetails>($"{groups}/{group.Id}"))!;
        Assert.Equal(("Entregas", 3), (details.Subject, details.Participants.Count));
        Assert.Equal([($"{InstanceNumber}@c.us", true, true), ($"{Ana}@c.us", false, false), ($"{Bruno}@c.us", false, false)],
            details.Participants.Select(p => (p.Number!, p.IsAdmin, p.IsSuperAdmin)));
        Assert.Contains(new GroupSummary(group.Id, "Entregas"), (await api.GetFromJsonAsync<GroupSummary[]>(groups))!);

        // Sending to the group is an ordinary durable send to its id: every participant's phone gets it.
        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = group.Id, text = "Bom dia, equipe" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        foreach (var phone in new[] { Ana, Bruno })
            await EngineBackedPortal.PhoneMessageAsync(simulator, phone, m => m.GetProperty("to").GetString() == group.Id && m.GetProperty("text").GetString() == "Bom dia, equipe",
                $"{phone} receives the group message");

        // A participant writes in the group: the stored message names her as its sender, in the group's chat.
        await simulator.SendFromPhoneAsync(Ana, group.Id, "Saindo agora");
        var received = await EventAsync(receiver, "message.received", d => d.GetProperty("message").GetProperty("text").GetString() == "Saindo agora");
        Assert.Equal(group.Id, received.GetProperty("chat").GetProperty("remoteId").GetString());
        Assert.Equal($"{Ana}@c.us", received.GetProperty("message").GetProperty("senderId").GetString());

        (await api.PostAsJsonAsync($"{groups}/{group.Id}/participants/promote", new { participants = new[] { Ana } })).EnsureSuccessStatusCode();
        var promoted = await EventAsync(receiver, "group.participants", d => d.GetProperty("action").GetString() == "promote");
        Assert.Equal($"{InstanceNumber}@c.us", promoted.GetProperty("author").GetString());
        Assert.Equal([$"{Ana}@c.us"], Numbers(promoted));
        Assert.True((await api.GetFromJsonAsync<GroupDetails>($"{groups}/{group.Id}"))!.Participants.Single(p => p.Number == $"{Ana}@c.us").IsAdmin);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"{groups}/{group.Id}/subject", new { value = "Entregas de sábado" })).StatusCode);
        var subject = await EventAsync(receiver, "group.updated", d => d.GetProperty("change").GetString() == "subject");
        Assert.Equal("Entregas de sábado", subject.GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"{groups}/{group.Id}/description", new { value = "Só logística" })).StatusCode);
        Assert.Equal("Só logística", (await EventAsync(receiver, "group.updated", d => d.GetProperty("change").GetString() == "description")).GetProperty("value").GetString());

        var link = (await api.GetFromJsonAsync<GroupInviteLink>($"{groups}/{group.Id}/invite"))!;
        Assert.Equal("https://chat.whatsapp.com/" + link.Code, link.Url);
        var revoked = await api.PostAsync($"{groups}/{group.Id}/invite/revoke", null);
        var fresh = (await revoked.Content.ReadFromJsonAsync<GroupInviteLink>())!;
        Assert.NotEqual(link.Code, fresh.Code);
        Assert.Equal(fresh.Code, (await api.GetFromJsonAsync<GroupInviteLink>($"{groups}/{group.Id}/invite"))!.Code);
        await EventAsync(receiver, "group.updated", d => d.GetProperty("change").GetString() == "invite_revoked");

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"{groups}/{group.Id}/participants/remove", new { participants = new[] { Bruno } })).StatusCode);
        Assert.Equal([$"{Bruno}@c.us"], Numbers(await EventAsync(receiver, "group.participants", d => d.GetProperty("action").GetString() == "remove")));
        Assert.Equal(0, (await simulator.GetJsonAsync($"phones/{Bruno}/groups")).GetArrayLength());
        var again = await (await api.PostAsJsonAsync($"{groups}/{group.Id}/participants/promote", new { participants = new[] { Bruno } })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not", again.Detail);
    }

    [Fact]
    public async Task An_instance_that_is_only_a_participant_is_refused_as_WhatsApp_refuses_it_and_sees_who_wrote()
    {
        await using var world = await LinkedWorld.StartAsync("groups-member", InstanceNumber, [NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Ana, "Ana");
        var carlaLid = await simulator.CreateLidOnlyPhoneAsync(Carla, "Carla");
        // Ana creates the group on her phone: she is its admin, the instance's number and Carla are participants.
        using var created = await simulator.Api.PostAsJsonAsync($"phones/{Ana}/groups", new { subject = "Condomínio", participants = new[] { InstanceNumber, Carla } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gid").GetString()!;
        var groups = $"/api/v1/instances/{instance.Id}/groups";
        await Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<GroupSummary[]>(groups))!.Any(g => g.Id == groupId), "the instance sees the group");

        var details = (await api.GetFromJsonAsync<GroupDetails>($"{groups}/{groupId}"))!;
        Assert.True(details.Participants.Single(p => p.Number == $"{Ana}@c.us").IsSuperAdmin);
        // Carla appears by her LID, and her number is not known to the instance.
        Assert.Contains(details.Participants, p => p.Number is null && p.Lid == carlaLid && !p.IsAdmin);

        var notAdmin = await (await api.PostAsJsonAsync($"{groups}/{groupId}/participants/add", new { participants = new[] { "5511977770034" } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("not an admin", notAdmin.Detail);
        await (await api.PutAsJsonAsync($"{groups}/{groupId}/subject", new { value = "Meu grupo" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.GetAsync($"{groups}/{groupId}/invite")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Condomínio", (await api.GetFromJsonAsync<GroupDetails>($"{groups}/{groupId}"))!.Subject);
        await (await api.GetAsync($"{groups}/120363999999999999@g.us")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["groupId"], (await (await api.GetAsync($"{groups}/5511977770031@c.us")).AssertValidationProblemAsync()).Errors.Keys.ToArray());
        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        await (await other.GetAsync($"{groups}/{groupId}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Carla writes under her LID: the instance stores her as the sender by the only id it knows.
        await simulator.SendFromPhoneAsync(Carla, groupId, "Alguém viu o síndico?");
        ChatsApi.MessageResponse[] thread = [];
        await Eventually.TrueAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/v1/instances/{instance.Id}/chats/{groupId}/messages");
            if (!response.IsSuccessStatusCode) return false;
            thread = (await response.Content.ReadFromJsonAsync<ChatsApi.MessageResponse[]>())!;
            return thread.Length > 0;
        }, "Carla's group message is stored");
        Assert.Equal(carlaLid, Assert.Single(thread).SenderId);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"{groups}/{groupId}/leave", null)).StatusCode);
        await (await api.GetAsync($"{groups}/{groupId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var left = await simulator.GetJsonAsync($"phones/{Ana}/groups");
        Assert.DoesNotContain(left[0].GetProperty("participants").EnumerateArray(), p => p.GetProperty("number").GetString() == InstanceNumber);
    }

    [Fact]
    public async Task Mentions_in_a_group_reach_the_phones_and_come_back_in_webhooks_and_a_mention_the_text_does_not_name_is_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("mentions", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook",
            new { url = receiver.Url.ToString(), events = new[] { "message.received" } })).EnsureSuccessStatusCode();
        await simulator.CreatePhoneAsync(Ana, "Ana");
        await simulator.CreatePhoneAsync(Bruno, "Bruno");
        using var created = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/groups", new { subject = "Turno", participants = new[] { Ana, Bruno } });
        var group = (await created.Content.ReadFromJsonAsync<GroupsApi.CreatedGroupResponse>())!;
        var messages = $"/api/v1/instances/{instance.Id}/messages";

        // WhatsApp shows a mention only where the text names the person, so a mention the text leaves out is refused.
        var unnamed = await (await api.PostAsJsonAsync(messages, new { to = group.Id, text = "Quem fecha hoje?", mentions = new[] { Ana } })).AssertValidationProblemAsync();
        Assert.Equal(["mentions[0]"], unnamed.Errors.Keys);
        var notANumber = await (await api.PostAsJsonAsync(messages, new { to = group.Id, text = "@ana fecha?", mentions = new[] { "ana" } })).AssertValidationProblemAsync();
        Assert.Equal(["mentions[0]"], notANumber.Errors.Keys);

        var sent = await api.PostAsJsonAsync(messages, new { to = group.Id, text = $"@{Ana} fecha hoje, @{Bruno} abre amanhã", mentions = new[] { Ana, $"+{Bruno}" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var onPhone = await EngineBackedPortal.PhoneMessageAsync(simulator, Bruno, m => m.GetProperty("to").GetString() == group.Id,
            "Bruno's phone receives the message with its mentions");
        Assert.Equal([$"{Ana}@c.us", $"{Bruno}@c.us"], onPhone.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));

        using var mentioning = await simulator.Api.PostAsJsonAsync($"phones/{Ana}/messages",
            new { to = group.Id, text = $"Combinado, @{InstanceNumber}", mentions = new[] { InstanceNumber } });
        mentioning.EnsureSuccessStatusCode();
        var received = await EventAsync(receiver, "message.received", d => d.GetProperty("message").GetProperty("text").GetString() == $"Combinado, @{InstanceNumber}");
        Assert.Equal([$"{InstanceNumber}@c.us"], received.GetProperty("message").GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
    }

    private static string[] Numbers(JsonElement data) =>
        [.. data.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("number").GetString()!)];

    private static async Task<JsonElement> EventAsync(WebhookReceiver receiver, string type, Func<JsonElement, bool> match)
    {
        JsonElement? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
                .Where(e => e.GetProperty("type").GetString() == type)
                .Select(e => e.GetProperty("data"))
                .Cast<JsonElement?>()
                .FirstOrDefault(d => match(d!.Value));
            return Task.FromResult(found is not null);
        }, $"the webhook announces {type}");
        return found!.Value;
    }
}
