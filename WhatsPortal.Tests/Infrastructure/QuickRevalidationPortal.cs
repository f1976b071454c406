namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The app rechecking cookies and open connections every 200 ms, so revocation tests wait briefly.</summary>
public sealed class QuickRevalidationPortal : PortalFactory
{
    internal static readonly KeyValuePair<string, string?> Interval = new("Sessions:RevalidationInterval", "00:00:00.200");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [Interval];
}

/// <summary>The same on a real PostgreSQL server.</summary>
public sealed class QuickRevalidationPostgresPortal : PostgresPortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, QuickRevalidationPortal.Interval];
}
