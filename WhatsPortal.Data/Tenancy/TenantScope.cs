namespace WhatsPortal.Data;

/// <summary>
/// Which tenants' rows a DbContext may see. A context made for a tenant sees and writes only that
/// tenant's rows; <see cref="None"/> sees nothing; <see cref="AllTenants"/> is for the operator and the
/// engine, and has to be asked for by name.
/// </summary>
public sealed record TenantScope : ITenantScopeSource
{
    private TenantScope(Guid? tenantId, bool crossesTenants)
    {
        TenantId = tenantId;
        CrossesTenants = crossesTenants;
    }

    public Guid? TenantId { get; }
    public bool CrossesTenants { get; }

    public static TenantScope None { get; } = new(null, false);
    public static TenantScope AllTenants { get; } = new(null, true);
    public static TenantScope For(Guid tenantId) => new(tenantId, false);

    TenantScope ITenantScopeSource.Current => this;

    public override string ToString() => CrossesTenants ? "all tenants" : TenantId?.ToString() ?? "no tenant";
}

/// <summary>Where a DbContext reads its scope from: a fixed <see cref="TenantScope"/>, or the current request's user.</summary>
public interface ITenantScopeSource
{
    TenantScope Current { get; }
}
