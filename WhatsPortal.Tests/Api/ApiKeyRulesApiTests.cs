using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>The API key rules through the operator's API door; the owner's door (the API keys page) is in Components/ApiKeysPageTests.</summary>
public sealed class ApiKeyRulesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_key_with_no_scope_or_an_over_long_name_is_refused_by_field_and_nothing_is_created()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();

        var noScope = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/api-keys", new { name = "crm", scopes = Array.Empty<string>() }))
            .AssertValidationProblemAsync();
        Assert.Equal(["Choose at least one scope."], noScope.Errors["scopes"]);
        var longName = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/api-keys", new { name = new string('x', 101), scopes = new[] { "read" } }))
            .AssertValidationProblemAsync();
        Assert.Equal(["The name has at most 100 characters."], longName.Errors["name"]);

        await using var db = factory.AcrossTenants();
        Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.TenantId == tenantId));
    }

    [Fact]
    public async Task Revoking_another_tenants_key_is_not_found_and_the_key_keeps_working()
    {
        var (mine, _) = await factory.CreateTenantWithKeyAsync();
        var (theirs, theirKey) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var keys = (await client.GetFromJsonAsync<AdminApi.ApiKeyResponse[]>($"/api/v1/admin/tenants/{theirs}/api-keys"))!;

        await (await client.DeleteAsync($"/api/v1/admin/tenants/{mine}/api-keys/{keys.Single().Id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        using var api = factory.ApiClient(theirKey);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/admin/tenants/{theirs}/api-keys/{keys.Single().Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/instances")).StatusCode);
    }
}
