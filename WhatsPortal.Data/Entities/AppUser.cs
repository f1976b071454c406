using Microsoft.AspNetCore.Identity;

namespace WhatsPortal.Data.Entities;

/// <summary>
/// A person who logs in to the portal. Tenant users carry their tenant; the operator (role Admin) has none.
/// Users are not behind the tenant query filter: sign-in must find a user before any tenant is known,
/// so code that lists users scopes by <see cref="TenantId"/> itself.
/// </summary>
public sealed class AppUser : IdentityUser, IStampedOnCreation
{
    public Guid? TenantId { get; set; }
    public string? DisplayName { get; set; }
    /// <summary>"en" or "pt-BR"; null follows the browser.</summary>
    public string? Culture { get; set; }
    /// <summary>IANA time zone id; null follows the browser.</summary>
    public string? TimeZone { get; set; }
    /// <summary>The portal's dark theme; null follows the browser's preference.</summary>
    public bool? DarkMode { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class Roles
{
    /// <summary>The operator: the only role that crosses tenants.</summary>
    public const string Admin = "Admin";
    public const string Owner = "Owner";
    public const string Member = "Member";

    public static readonly IReadOnlyList<string> All = [Admin, Owner, Member];
}
