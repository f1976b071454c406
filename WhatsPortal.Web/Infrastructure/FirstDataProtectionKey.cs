using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// Makes the key ring's first key, one node at a time. Left to Data Protection, nodes started together on an empty
/// database each make a key; a node that read the ring before another's key was written does not know that key once
/// its start-up window for re-reading unknown keys is over (until its ring's daily refresh), so it cannot open what
/// the other encrypted: a session snapshot would need a new QR. Later keys are not raced this way: Data Protection
/// makes them days before they take effect, and every node reads them in that time.
/// </summary>
public sealed class FirstDataProtectionKey(
    WhatsPortalDbContextFactory databases,
    IKeyManager keys,
    IOptions<KeyManagementOptions> options,
    ILogger<FirstDataProtectionKey> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var db = databases.AcrossTenants();
        await using var held = await ClusterLock.KeyRing.TakeAsync(db, cancellationToken);
        // Data Protection judges its keys by the system clock, not the app's TimeProvider.
        var now = DateTimeOffset.UtcNow;
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)) return;
        var key = keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
        logger.LogInformation("Made the key ring's first key {KeyId}", key.KeyId);
    }
}
