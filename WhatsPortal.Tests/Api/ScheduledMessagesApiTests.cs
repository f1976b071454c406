using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>
/// Scheduling through the API on an instance that is not running (so nothing is sent): what is accepted, listed,
/// cancelled and refused, and under which field. Sending at the time is shown end to end (ScheduledSendingTests,
/// ScheduledMessagesTests).
/// </summary>
public sealed class ScheduledMessagesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Customer = "5511988887777";

    [Fact]
    public async Task A_scheduled_message_is_accepted_listed_and_cancelled_once()
    {
        var (client, instanceId) = await InstanceAsync();
        var sendAt = Utc(DateTime.UtcNow.AddDays(1));
        var first = await ScheduleAsync(client, instanceId, new { to = Customer, text = "tomorrow", sendAt, expiresAt = sendAt.AddHours(2) });
        var second = await ScheduleAsync(client, instanceId, new { to = Customer, text = "the day after", sendAt = sendAt.AddDays(1) });
        await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages", new { to = Customer, text = "now" });

        var listed = (await client.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instanceId}/messages?status=scheduled"))!;
        Assert.Equal([first, second], listed.Select(m => m.Id));
        Assert.Equal(sendAt, listed[0].SendAt);
        Assert.Equal(sendAt.AddHours(2), listed[0].ExpiresAt);
        var secondPage = (await client.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instanceId}/messages?status=scheduled&limit=1&offset=1"))!;
        Assert.Equal([second], secondPage.Select(m => m.Id));

        var cancelled = await client.DeleteAsync($"/api/v1/instances/{instanceId}/messages/{first}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<ChatsApi.MessageResponse>())!.Status);
        var again = await (await client.DeleteAsync($"/api/v1/instances/{instanceId}/messages/{first}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'cancelled'", again.Detail);
        Assert.Equal([second], (await client.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instanceId}/messages?status=scheduled"))!.Select(m => m.Id));
        Assert.Equal([first], (await client.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instanceId}/messages?status=cancelled"))!.Select(m => m.Id));
    }

    [Fact]
    public async Task Only_a_scheduled_message_of_the_callers_own_instance_can_be_cancelled()
    {
        var (client, instanceId) = await InstanceAsync();
        var (other, _) = await InstanceAsync();
        var scheduled = await ScheduleAsync(client, instanceId, new { to = Customer, text = "mine", sendAt = Utc(DateTime.UtcNow.AddDays(1)) });
        var queued = (await (await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages", new { to = Customer, text = "now" }))
            .Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id;

        await (await other.DeleteAsync($"/api/v1/instances/{instanceId}/messages/{scheduled}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/instances/{instanceId}/messages?status=scheduled")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/v1/instances/{instanceId}/messages/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var notScheduled = await (await client.DeleteAsync($"/api/v1/instances/{instanceId}/messages/{queued}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'queued'", notScheduled.Detail);

        await using var db = factory.AcrossTenants();
        Assert.Equal(MessageStatus.Scheduled, db.Messages.Single(m => m.Id == scheduled).Status);
        Assert.Equal(MessageStatus.Queued, db.Messages.Single(m => m.Id == queued).Status);
    }

    [Fact]
    public async Task A_bad_schedule_gets_a_precise_400_under_its_field_and_stores_nothing()
    {
        var (client, instanceId) = await InstanceAsync();
        var tomorrow = Utc(DateTime.UtcNow.AddDays(1));
        await AssertRefusedAsync(client, instanceId, new { to = Customer, text = "past", sendAt = Utc(DateTime.UtcNow.AddMinutes(-1)) }, "sendAt", "in the future");
        await AssertRefusedAsync(client, instanceId, new { to = Customer, text = "far", sendAt = Utc(DateTime.UtcNow.AddDays(366)) }, "sendAt", "one year ahead");
        await AssertRefusedAsync(client, instanceId, new { to = Customer, text = "local", sendAt = "2030-01-01T09:00:00" }, "sendAt", "UTC");
        await AssertRefusedAsync(client, instanceId, new { to = Customer, text = "early", sendAt = tomorrow, expiresAt = tomorrow.AddMinutes(-1) }, "expiresAt", "after sendAt");
        await AssertRefusedAsync(client, instanceId, new { to = Customer, text = "alone", expiresAt = tomorrow }, "expiresAt", "give sendAt");
        var status = await (await client.GetAsync($"/api/v1/instances/{instanceId}/messages?status=later")).AssertValidationProblemAsync();
        Assert.Contains("scheduled", status.Errors["status"].Single());

        await using var db = factory.AcrossTenants();
        Assert.Empty(db.Messages.Where(m => m.InstanceId == instanceId));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_time_is_another_message()
    {
        var (client, instanceId) = await InstanceAsync();
        var sendAt = Utc(DateTime.UtcNow.AddDays(1));
        var first = await ScheduleAsync(client, instanceId, new { to = Customer, text = "reminder", sendAt }, key: "reminder-7");
        Assert.Equal(first, await ScheduleAsync(client, instanceId, new { to = Customer, text = "reminder", sendAt }, key: "reminder-7"));

        var moved = await SendAsync(client, instanceId, new { to = Customer, text = "reminder", sendAt = sendAt.AddHours(1) }, key: "reminder-7");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_listing_and_cancelling_and_shows_a_scheduled_request()
    {
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        Assert.Contains("status=scheduled", paths.GetProperty("/api/v1/instances/{id}/messages").GetProperty("get").GetProperty("summary").GetString());
        // One DELETE carries both meanings, so its summary must name both.
        var delete = paths.GetProperty("/api/v1/instances/{id}/messages/{messageId}").GetProperty("delete").GetProperty("summary").GetString();
        Assert.Contains("A scheduled one is cancelled", delete);
        Assert.Contains("deleted for everyone", delete);
        var example = document.GetProperty("components").GetProperty("schemas").GetProperty("SendMessageRequest").GetProperty("examples")[0];
        Assert.Equal("2026-12-01T12:00:00Z", example.GetProperty("sendAt").GetString());
        Assert.Equal("2026-12-01T20:00:00Z", example.GetProperty("expiresAt").GetString());
    }

    private static DateTime Utc(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static async Task AssertRefusedAsync(HttpClient client, Guid instanceId, object body, string field, string says)
    {
        var problem = await (await SendAsync(client, instanceId, body)).AssertValidationProblemAsync();
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Contains(says, problem.Errors[field].Single());
    }

    private static async Task<Guid> ScheduleAsync(HttpClient client, Guid instanceId, object body, string? key = null)
    {
        var response = await SendAsync(client, instanceId, body, key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;
        Assert.Equal("scheduled", accepted.Status);
        return accepted.Id;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid instanceId, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instances/{instanceId}/messages") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add(MessagesApi.IdempotencyHeader, key);
        return client.SendAsync(request);
    }

    private async Task<(HttpClient Client, Guid InstanceId)> InstanceAsync()
    {
        var client = factory.ApiClient((await factory.CreateTenantWithKeyAsync()).Key);
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "reminders" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!.Id);
    }
}
