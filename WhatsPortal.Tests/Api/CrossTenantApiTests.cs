using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>A key of tenant B learns nothing of tenant A and changes nothing of it: A's rows answer 404, as if absent.</summary>
public abstract class CrossTenantApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactory
{
    [SkippableFact]
    public async Task Another_tenants_instance_is_not_found_and_survives_a_delete_attempt()
    {
        var (_, keyA) = await factory.CreateTenantWithKeyAsync();
        var (_, keyB) = await factory.CreateTenantWithKeyAsync();
        using var a = factory.ApiClient(keyA);
        using var b = factory.ApiClient(keyB);

        var created = await a.PostAsJsonAsync("/api/v1/instances", new { name = "sales" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;

        await (await b.GetAsync($"/api/v1/instances/{instance.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await b.DeleteAsync($"/api/v1/instances/{instance.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await b.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!);

        var stillThere = await a.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{instance.Id}");
        Assert.Equal("sales", stillThere!.Name);
        Assert.Single((await a.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!);
    }

    [SkippableFact]
    public async Task Two_tenants_may_use_the_same_instance_name()
    {
        var (_, keyA) = await factory.CreateTenantWithKeyAsync();
        var (_, keyB) = await factory.CreateTenantWithKeyAsync();
        using var a = factory.ApiClient(keyA);
        using var b = factory.ApiClient(keyB);

        Assert.Equal(HttpStatusCode.Created, (await a.PostAsJsonAsync("/api/v1/instances", new { name = "support" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await b.PostAsJsonAsync("/api/v1/instances", new { name = "support" })).StatusCode);
        await (await a.PostAsJsonAsync("/api/v1/instances", new { name = "support" })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Instance_names_are_unique_as_written_on_every_database()
    {
        // SQL Server's usual collation ignores case; its model compares code points, as SQLite and PostgreSQL do.
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/instances", new { name = "Sales" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/instances", new { name = "sales" })).StatusCode);
        await (await client.PostAsJsonAsync("/api/v1/instances", new { name = "Sales" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["Sales", "sales"], (await client.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!.Select(i => i.Name).Order(StringComparer.Ordinal));
    }
}

public sealed class CrossTenantApiOnSqliteTests(PortalFactory factory) : CrossTenantApiTests<PortalFactory>(factory);

[Trait("Category", "Postgres")]
public sealed class CrossTenantApiOnPostgresTests(PostgresPortalFactory factory) : CrossTenantApiTests<PostgresPortalFactory>(factory);

public sealed class CrossTenantApiOnSqlServerTests : CrossTenantApiTests<SqlServerPortalFactory>
{
    public CrossTenantApiOnSqlServerTests(SqlServerPortalFactory factory) : base(factory) => TestSqlServer.Require();
}
