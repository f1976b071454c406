using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>Authenticates <c>X-Api-Key</c>: the operator key from <c>Admin:ApiKey</c>, or a tenant's stored key.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WhatsPortalDbContextFactory contexts,
    IOptionsMonitor<AdminOptions> admin,
    TimeProvider clock,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    // LastUsedAt is a hint for people, not an audit log: one write a minute per key is plenty.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey() is not { } presented)
            return AuthenticateResult.NoResult();

        if (IsOperatorKey(presented))
            return Success(new Claim(ClaimTypes.Role, Roles.Admin), new Claim(ClaimTypes.Name, "operator"));

        if (!ApiKeyFormat.IsWellFormed(presented))
            return AuthenticateResult.Fail($"The {HeaderName} header is malformed: a key starts with '{ApiKeyFormat.Marker}' followed by 43 base64url characters.");

        var hash = ApiKeyFormat.Hash(presented);
        // The key is what tells us the tenant, so this one lookup has to cross tenants.
        await using var db = contexts.AcrossTenants();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash)
            .Join(db.Tenants, k => k.TenantId, t => t.Id, (k, t) => new { k.Id, k.TenantId, k.Scopes, k.RevokedAt, k.LastUsedAt, t.SuspendedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (key is null || key.RevokedAt is not null)
            return AuthenticateResult.Fail($"The {HeaderName} is unknown or has been revoked.");
        if (key.SuspendedAt is not null)
            return AuthenticateResult.Fail("The tenant of this API key is suspended.");

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);

        return Success([
            new Claim(WhatsPortalClaims.TenantId, key.TenantId.ToString()),
            new Claim(WhatsPortalClaims.ApiKeyId, key.Id.ToString()),
            .. WhatsPortalClaims.ForScopes(key.Scopes),
        ]);
    }

    /// <summary>
    /// The key from <c>X-Api-Key</c>; for the hub also from where SignalR clients put tokens, since browsers
    /// cannot set headers on WebSockets: <c>Authorization: Bearer</c> (negotiate) and <c>?access_token=</c>.
    /// </summary>
    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header)) return header.ToString().Trim();
        if (!Request.Path.StartsWithSegments("/hubs")) return null;
        if (Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth["Bearer ".Length..].Trim();
        return Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;
    }

    private bool IsOperatorKey(string presented)
    {
        var configured = admin.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(configured)) return false;
        // Compare hashes so the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = result.Failure?.Message ?? $"Send a tenant API key in the {HeaderName} header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = "This API key lacks the scope or role this endpoint needs.",
            },
        });
    }
}
