namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// Which node runs which instance. An instance must never run on two nodes at once: WhatsApp would see the
/// same device connect twice and close one (a conflict), and two senders could send one message twice. Ownership
/// is a lease with an epoch in the database (<see cref="InstanceLeases"/>), for one node as for several.
/// </summary>
public interface IInstanceOwnership
{
    /// <summary>Takes the lease for this node under a new epoch; null when another node holds it unexpired.</summary>
    Task<LeaseGrant?> TryClaimAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Extends the lease; null when it is no longer this grant's (taken by another node, or under a newer epoch).</summary>
    /// <exception cref="Exception">The database could not be asked: whether the lease is still held is unknown.</exception>
    Task<DateTimeOffset?> RenewAsync(LeaseGrant lease, CancellationToken cancellationToken);

    /// <summary>Frees the lease so another node may take it at once; a lease no longer this grant's is left alone.</summary>
    Task ReleaseAsync(LeaseGrant lease, CancellationToken cancellationToken);
}

/// <summary>
/// A session's right to run its instance: the node and epoch every write of the session is checked against, and the
/// time until which it may act without renewing (measured on this node's clock from before the claim was sent).
/// </summary>
public sealed record LeaseGrant(Guid InstanceId, string Node, long Epoch, DateTimeOffset ValidUntil);

/// <summary>A session may no longer act for its instance: its lease has another node or a newer epoch, or ran out unrenewed.</summary>
public sealed class LeaseLostException(Guid instanceId, string message) : Exception(message)
{
    public LeaseLostException(LeaseGrant lease)
        : this(lease.InstanceId, $"The lease of instance {lease.InstanceId} is no longer held by node {lease.Node} under epoch {lease.Epoch}.")
    {
    }

    public Guid InstanceId { get; } = instanceId;
}
