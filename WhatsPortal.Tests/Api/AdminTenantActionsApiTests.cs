using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Portal;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>What the operator does in the portal, through the operator API: tenant users, suspension, quota.</summary>
public sealed class AdminTenantActionsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Password = "Api-Made-Passw0rd";

    [Fact]
    public async Task The_operator_adds_a_user_who_can_sign_in()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var email = $"ana-{Guid.NewGuid():N}@acme.test";
        var response = await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email, password = Password, role = "Member" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Content.ReadFromJsonAsync<AdminApi.TenantUserResponse>())!;
        Assert.Equal((email, tenantId, "Member"), (user.Email, user.TenantId, user.Role));
        Assert.Equal($"/api/v1/admin/tenants/{tenantId}/users/{user.Id}", response.Headers.Location?.OriginalString);
        using var browser = await PortalUsers.LogInAsync(factory, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/members")).StatusCode); // a member, not an owner
    }

    [Fact]
    public async Task An_owner_made_by_the_api_manages_members()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var email = $"owner-{Guid.NewGuid():N}@acme.test";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email, password = Password, role = "Owner" })).StatusCode);
        using var browser = await PortalUsers.LogInAsync(factory, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/members")).StatusCode);
    }

    [Fact]
    public async Task A_password_below_the_policy_is_refused_by_field_and_creates_nobody()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var email = $"weak-{Guid.NewGuid():N}@acme.test";
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email, password = "short", role = "Owner" }))
            .AssertValidationProblemAsync();
        Assert.Contains("12", Assert.Single(problem.Errors, e => e.Key == "password").Value[0]);
        await AssertNoUserAsync(email);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("owner")]
    [InlineData("")]
    public async Task A_role_other_than_owner_or_member_is_refused_by_field_and_creates_nobody(string role)
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var email = $"role-{Guid.NewGuid():N}@acme.test";
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email, password = Password, role }))
            .AssertValidationProblemAsync();
        Assert.Contains(problem.Errors, e => e.Key.Equals("role", StringComparison.OrdinalIgnoreCase));
        await AssertNoUserAsync(email);
    }

    [Fact]
    public async Task A_malformed_email_is_refused_by_field()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email = "not an email", password = Password, role = "Owner" }))
            .AssertValidationProblemAsync();
        Assert.Equal("email", Assert.Single(problem.Errors).Key);
    }

    [Fact]
    public async Task An_email_already_taken_is_a_conflict()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var problem = await (await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/users", new { email = PortalFactory.AdminEmail, password = Password, role = "Owner" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("A user with this email already exists.", problem.Detail);
    }

    [Fact]
    public async Task Every_action_on_an_unknown_tenant_is_a_404_naming_it()
    {
        using var client = factory.OperatorClient();
        var unknown = Guid.NewGuid();
        var email = $"nobody-{Guid.NewGuid():N}@acme.test";
        var answers = new[]
        {
            await client.PostAsJsonAsync($"/api/v1/admin/tenants/{unknown}/users", new { email, password = Password, role = "Owner" }),
            await client.PostAsync($"/api/v1/admin/tenants/{unknown}/suspend", null),
            await client.PostAsync($"/api/v1/admin/tenants/{unknown}/resume", null),
            await client.PutAsJsonAsync($"/api/v1/admin/tenants/{unknown}/quota", new { instanceQuota = 3 }),
        };
        foreach (var answer in answers)
            Assert.Contains(unknown.ToString(), (await answer.AssertProblemAsync(HttpStatusCode.NotFound)).Detail);
        await AssertNoUserAsync(email);
    }

    [Fact]
    public async Task A_suspended_tenants_users_cannot_log_in_until_it_is_resumed()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var client = factory.OperatorClient();

        var suspended = await client.PostAsync($"/api/v1/admin/tenants/{tenantId}/suspend", null);
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.NotNull((await suspended.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!.SuspendedAt);
        using var refused = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await (await LoginPage.OpenAsync(refused)).SubmitAsync(email, PortalUsers.Password);
        Assert.Contains("suspended", (await LoginPage.FromResponseAsync(refused, login)).ErrorMessage);

        var resumed = await client.PostAsync($"/api/v1/admin/tenants/{tenantId}/resume", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Null((await resumed.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!.SuspendedAt);
        using var back = await PortalUsers.LogInAsync(factory, email);
    }

    [Fact]
    public async Task A_quota_bounds_the_tenants_instances_and_null_lifts_it()
    {
        var (tenantId, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var set = await client.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/quota", new { instanceQuota = 1 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!.InstanceQuota);

        using var tenant = factory.ApiClient(key);
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsJsonAsync("/api/v1/instances", new { name = "one" })).StatusCode);
        await (await tenant.PostAsJsonAsync("/api/v1/instances", new { name = "two" })).AssertProblemAsync(HttpStatusCode.Conflict);

        var lifted = await client.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/quota", new { instanceQuota = (int?)null });
        Assert.Null((await lifted.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!.InstanceQuota);
        Assert.Equal(HttpStatusCode.Created, (await tenant.PostAsJsonAsync("/api/v1/instances", new { name = "two" })).StatusCode);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public async Task A_quota_out_of_bounds_is_refused_by_field_and_changes_nothing(int quota)
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/quota", new { instanceQuota = 4 })).StatusCode);
        var problem = await (await client.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/quota", new { instanceQuota = quota })).AssertValidationProblemAsync();
        Assert.Equal("The quota is a number from 0 to 10000, or empty for no limit.", Assert.Single(problem.Errors["instanceQuota"]));
        await using var db = factory.AcrossTenants();
        Assert.Equal(4, (await db.Tenants.SingleAsync(t => t.Id == tenantId)).InstanceQuota);
    }

    [Fact]
    public async Task A_quota_that_is_not_a_number_is_a_400()
    {
        var (tenantId, _) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.OperatorClient();
        var response = await client.PutAsync($"/api/v1/admin/tenants/{tenantId}/quota", JsonContent.Create(JsonDocument.Parse("""{"instanceQuota":"many"}""").RootElement));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_new_endpoints_with_summaries_and_examples()
    {
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("users", "post"), ("suspend", "post"), ("resume", "post"), ("quota", "put") })
            Assert.False(string.IsNullOrEmpty(paths.GetProperty($"/api/v1/admin/tenants/{{tenantId}}/{path}").GetProperty(method).GetProperty("summary").GetString()));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal("Owner", schemas.GetProperty("CreateTenantUserRequest").GetProperty("examples")[0].GetProperty("role").GetString());
        Assert.Equal(10, schemas.GetProperty("SetQuotaRequest").GetProperty("examples")[0].GetProperty("instanceQuota").GetInt32());
    }

    private async Task AssertNoUserAsync(string email)
    {
        await using var db = factory.AcrossTenants();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }
}
