namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The app rechecking cookies and open connections every 200 ms, so revocation tests wait briefly.</summary>
public sealed class QuickRevalidationPortal : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Sessions:RevalidationInterval", "00:00:00.200")];
}
