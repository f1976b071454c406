using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

public sealed class AdminApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_operator_creates_a_tenant_and_a_key_that_works()
    {
        using var client = factory.OperatorClient();
        var response = await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "Acme Ltda" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tenant = (await response.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!;
        Assert.Equal($"/api/v1/admin/tenants/{tenant.Id}", response.Headers.Location?.OriginalString);

        var keyResponse = await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenant.Id}/api-keys", new { name = "crm", scopes = new[] { "read", "manage" } });
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        var key = (await keyResponse.Content.ReadFromJsonAsync<AdminApi.CreatedApiKeyResponse>())!;
        Assert.Equal(["read", "manage"], key.Scopes);
        Assert.StartsWith(key.Prefix, key.Key);

        using var tenantClient = factory.ApiClient(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await tenantClient.GetAsync("/api/v1/instances")).StatusCode);
    }

    [Fact]
    public async Task An_over_long_tenant_name_is_refused_and_nothing_is_created()
    {
        using var client = factory.OperatorClient();
        var name = new string('x', 101);
        var problem = await (await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name })).AssertValidationProblemAsync();
        Assert.Contains(problem.Errors, e => e.Key.Equals("name", StringComparison.OrdinalIgnoreCase));
        await using var db = factory.AcrossTenants();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == name));
    }

    [Fact]
    public async Task An_empty_tenant_name_is_refused()
    {
        using var client = factory.OperatorClient();
        await (await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "" })).AssertValidationProblemAsync();
    }

    [Fact]
    public async Task A_duplicate_tenant_name_is_a_conflict()
    {
        using var client = factory.OperatorClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "Twice" })).StatusCode);
        await (await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "Twice" })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_key_for_an_unknown_tenant_is_a_404_and_creates_nothing()
    {
        using var client = factory.OperatorClient();
        var unknown = Guid.NewGuid();
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{unknown}/api-keys", new { name = "x", scopes = new[] { "read" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(unknown.ToString(), problem.Detail);
        await using var db = factory.AcrossTenants();
        Assert.False(await db.ApiKeys.AnyAsync(k => k.TenantId == unknown));
    }

    [Fact]
    public async Task A_malformed_tenant_id_is_a_404()
    {
        using var client = factory.OperatorClient();
        await (await client.PostAsJsonAsync("/api/v1/admin/tenants/not-a-guid/api-keys", new { name = "x", scopes = new[] { "read" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_scope_is_named_in_the_answer()
    {
        var (tenant, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenant}/api-keys", new { name = "x", scopes = new[] { "read", "root" } }))
            .AssertValidationProblemAsync();
        Assert.Contains("'root'", string.Join(" ", problem.Errors.SelectMany(e => e.Value)));
    }
}
