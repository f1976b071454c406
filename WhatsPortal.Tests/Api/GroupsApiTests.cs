using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Api;

public sealed class GroupsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_the_group_endpoints_with_summaries_and_examples()
    {
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("groups", "get"), ("groups", "post"), ("groups/{groupId}", "get"), ("groups/{groupId}/participants/{action}", "post"),
                     ("groups/{groupId}/subject", "put"), ("groups/{groupId}/description", "put"), ("groups/{groupId}/invite", "get"),
                     ("groups/{groupId}/invite/revoke", "post"), ("groups/{groupId}/leave", "post"),
                 })
            Assert.False(string.IsNullOrEmpty(paths.GetProperty($"/api/v1/instances/{{id}}/{path}").GetProperty(method).GetProperty("summary").GetString()), $"{method} {path}");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal("Equipe de vendas", schemas.GetProperty("CreateGroupRequest").GetProperty("examples")[0].GetProperty("subject").GetString());
        Assert.Equal("5511988887777", schemas.GetProperty("ParticipantsRequest").GetProperty("examples")[0].GetProperty("participants")[0].GetString());
        Assert.False(string.IsNullOrEmpty(schemas.GetProperty("GroupPropertyRequest").GetProperty("examples")[0].GetProperty("value").GetString()));
    }
}
