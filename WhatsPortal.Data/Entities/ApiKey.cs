namespace WhatsPortal.Data.Entities;

[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Read = 1,
    Send = 2,
    Manage = 4,
    All = Read | Send | Manage,
}

/// <summary>A tenant's key for the API. Only its SHA-256 hash is stored; the key itself is shown once.</summary>
public sealed class ApiKey : ITenantOwned, IStampedOnCreation
{
    public const int NameMaxLength = 100;
    public const int PrefixLength = 12;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key, shown in lists so people can tell keys apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public ApiKeyScopes Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
