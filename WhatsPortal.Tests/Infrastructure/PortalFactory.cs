using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Components;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The whole app in-process over a real database file (or a real PostgreSQL database) in a temporary data directory.</summary>
public class PortalFactory : WebApplicationFactory<App>
{
    public const string OperatorKey = "test-operator-key-0123456789abcdefghijklmnop";
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Passw0rd-Test";

    // Owned unless a test passes a data directory in, to restart "the same" app over the same data.
    private readonly TestDirectory? _ownedData;

    public PortalFactory()
    {
        _ownedData = new TestDirectory();
        DataDirectory = _ownedData.Path;
    }

    protected PortalFactory(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    /// <summary>The app's clock; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Extra configuration a test class needs, applied after the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Admin:ApiKey", OperatorKey);
        // Every test client comes from the same (unknown) address; SignInLimitsTests give theirs addresses and the real limit.
        builder.UseSetting("RateLimits:SignInAttemptsPerMinute", "100000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(services => services.AddTestClock(clock));
    }

    public HttpClient OperatorClient() => ApiClient(OperatorKey);

    public HttpClient ApiClient(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    /// <summary>A new tenant and a key for it with the given scopes, made through the operator API as a user would.</summary>
    public async Task<(Guid TenantId, string Key)> CreateTenantWithKeyAsync(params string[] scopes)
    {
        using var client = OperatorClient();
        var created = await client.PostAsJsonAsync("/api/v1/admin/tenants", new { name = "Tenant " + Guid.NewGuid().ToString("N")[..8] });
        created.EnsureSuccessStatusCode();
        var tenant = (await created.Content.ReadFromJsonAsync<AdminApi.TenantResponse>())!;
        var key = await client.PostAsJsonAsync($"/api/v1/admin/tenants/{tenant.Id}/api-keys",
            new { name = "test", scopes = scopes.Length == 0 ? ["read", "send", "manage"] : scopes });
        key.EnsureSuccessStatusCode();
        return (tenant.Id, (await key.Content.ReadFromJsonAsync<AdminApi.CreatedApiKeyResponse>())!.Key);
    }

    /// <summary>The principal a sign-in of <paramref name="email"/> carries (tenant, security stamp, roles), as a circuit gets it.</summary>
    public async Task<ClaimsPrincipal> PrincipalOfAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByEmailAsync(email))!);
    }

    public WhatsPortalDbContext AcrossTenants() => Services.GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();

    /// <summary>Raises a status change as the engine's status recorder does: journaled in a commit, then published.</summary>
    public async Task RaiseStatusAsync(Guid tenantId, Guid instanceId, InstanceStatus from, InstanceStatus to)
    {
        await using var db = Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId);
        await Services.GetRequiredService<EventJournal>().SaveAsync(db, new InstanceStatusChanged(tenantId, instanceId, Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, from, to, null), CancellationToken.None);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _ownedData?.Dispose();
    }
}

/// <summary>The same app on a real PostgreSQL server.</summary>
public class PostgresPortalFactory : PortalFactory
{
    private readonly string _connectionString = TestPostgres.CreateDatabaseAsync().GetAwaiter().GetResult();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", "Postgres"),
        new("ConnectionStrings:Postgres", _connectionString),
    ];
}

/// <summary>The same app on a SQL Server; its database is made when the app starts, so a test without a server is skipped first.</summary>
public sealed class SqlServerPortalFactory : PortalFactory
{
    private readonly Lazy<string> _connectionString = new(() => TestSqlServer.CreateDatabaseAsync().GetAwaiter().GetResult());

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", "SqlServer"),
        new("ConnectionStrings:SqlServer", _connectionString.Value),
    ];
}
