using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Api;

/// <summary>The contacts and presence endpoints without a running engine: scopes, the OpenAPI document, refusals for an instance not connected.</summary>
public sealed class ContactsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_the_contacts_endpoints_with_summaries_and_examples()
    {
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("contacts/check", "post"), ("contacts/presence", "post"), ("chats/{chatId}/state", "post"),
                     ("contacts/{number}/block", "put"), ("contacts/{number}/block", "delete"), ("contacts/{number}/block", "get"),
                     ("contacts/{number}/picture", "get"),
                 })
            Assert.False(string.IsNullOrEmpty(paths.GetProperty($"/api/v1/instances/{{id}}/{path}").GetProperty(method).GetProperty("summary").GetString()), $"{method} {path}");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal("5511988887777", schemas.GetProperty("NumbersRequest").GetProperty("examples")[0].GetProperty("numbers")[0].GetString());
        Assert.Equal("composing", schemas.GetProperty("ChatStateRequest").GetProperty("examples")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_read_only_key_cannot_check_numbers_and_an_instance_not_running_is_a_conflict()
    {
        var (_, readKey) = await factory.CreateTenantWithKeyAsync("read");
        using var reader = factory.ApiClient(readKey);
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "idle" });
        var instanceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/v1/instances/{instanceId}/contacts/check", new { numbers = new[] { "5511988887777" } })).StatusCode);
        var conflict = await (await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/contacts/check", new { numbers = new[] { "5511988887777" } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not running", conflict.Detail);
        await (await client.PostAsJsonAsync($"/api/v1/instances/{instanceId}/chats/5511988887777/state", new { state = "composing" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/v1/instances/{instanceId}/contacts/5511988887777/block")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/v1/instances/{instanceId}/contacts/5511988887777/picture")).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
