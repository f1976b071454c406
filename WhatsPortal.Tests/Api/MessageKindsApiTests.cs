using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Api;

/// <summary>The OpenAPI document offers a request to start from for each kind of message.</summary>
public sealed class MessageKindsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_send_request_has_an_example_per_kind_and_the_kinds_have_their_own()
    {
        using var client = factory.CreateClient();
        var schemas = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("components").GetProperty("schemas");
        var examples = schemas.GetProperty("SendMessageRequest").GetProperty("examples").EnumerateArray().ToList();
        foreach (var part in new[] { "text", "location", "contact", "poll" })
            Assert.Contains(examples, e => e.TryGetProperty(part, out _));
        var kinds = examples.Where(e => e.TryGetProperty("media", out _)).Select(e => e.GetProperty("media").GetProperty("kind").GetString()).ToList();
        Assert.Equal(["audio", "document", "ptt", "sticker", "video"], kinds.Order());
        Assert.Equal(-23.5613, schemas.GetProperty("LocationRequest").GetProperty("examples")[0].GetProperty("latitude").GetDouble());
        Assert.Equal(2, schemas.GetProperty("ContactRequest").GetProperty("examples")[0].GetProperty("numbers").GetArrayLength());
        Assert.Equal(3, schemas.GetProperty("PollRequest").GetProperty("examples")[0].GetProperty("options").GetArrayLength());
    }
}
