using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Tests.Api;

public sealed class ApiKeyAuthenticationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_request_without_a_key_is_told_to_send_one()
    {
        using var client = factory.CreateClient();
        var problem = await (await client.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", problem.Detail);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("wpk_short")]
    [InlineData("wpk_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public async Task A_malformed_key_gets_a_precise_401(string key)
    {
        using var client = factory.ApiClient(key);
        var problem = await (await client.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("malformed", problem.Detail);
    }

    [Fact]
    public async Task A_well_formed_but_unknown_key_is_refused()
    {
        using var client = factory.ApiClient(ApiKeyFormat.NewKey());
        var problem = await (await client.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or has been revoked", problem.Detail);
    }

    [Fact]
    public async Task A_key_revoked_by_the_operator_stops_working_and_is_listed_as_revoked()
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/instances")).StatusCode);

        using var operatorClient = factory.OperatorClient();
        var listed = (await operatorClient.GetFromJsonAsync<AdminApi.ApiKeyResponse[]>($"/api/v1/admin/tenants/{tenant}/api-keys"))!;
        var row = Assert.Single(listed);
        Assert.Equal(key[..12], row.Prefix);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/v1/admin/tenants/{tenant}/api-keys/{row.Id}")).StatusCode);

        await (await client.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        listed = (await operatorClient.GetFromJsonAsync<AdminApi.ApiKeyResponse[]>($"/api/v1/admin/tenants/{tenant}/api-keys"))!;
        Assert.NotNull(Assert.Single(listed).RevokedAt);
    }

    [Fact]
    public async Task Revoking_a_key_through_another_tenant_is_not_found_and_keeps_it_working()
    {
        var (tenantA, keyA) = await factory.CreateTenantWithKeyAsync();
        var (tenantB, _) = await factory.CreateTenantWithKeyAsync();
        using var operatorClient = factory.OperatorClient();
        var keyOfA = Assert.Single((await operatorClient.GetFromJsonAsync<AdminApi.ApiKeyResponse[]>($"/api/v1/admin/tenants/{tenantA}/api-keys"))!);

        await (await operatorClient.DeleteAsync($"/api/v1/admin/tenants/{tenantB}/api-keys/{keyOfA.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var client = factory.ApiClient(keyA);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/instances")).StatusCode);
    }

    [Fact]
    public async Task A_key_is_stored_only_as_a_hash_with_a_visible_prefix()
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        await using var db = factory.AcrossTenants();
        var row = await db.ApiKeys.SingleAsync(k => k.TenantId == tenant);
        Assert.Equal(key[..12], row.Prefix);
        Assert.Equal(ApiKeyFormat.Hash(key), row.Hash);
        Assert.DoesNotContain(key, row.Hash);
        Assert.Equal(47, key.Length);
    }

    [Fact]
    public async Task A_read_only_key_cannot_create_instances()
    {
        var (_, key) = await factory.CreateTenantWithKeyAsync("read");
        using var client = factory.ApiClient(key);
        await (await client.PostAsJsonAsync("/api/v1/instances", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await client.GetFromJsonAsync<object[]>("/api/v1/instances"))!);
    }

    [Fact]
    public async Task A_tenant_key_cannot_use_the_operator_api()
    {
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);
        await (await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "sneaky" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await using var db = factory.AcrossTenants();
        Assert.False(await db.Tenants.AnyAsync(t => t.Name == "sneaky"));
    }

    [Fact]
    public async Task The_operator_key_has_no_tenant_so_it_cannot_read_tenant_data()
    {
        using var client = factory.OperatorClient();
        await (await client.GetAsync("/api/v1/instances")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
