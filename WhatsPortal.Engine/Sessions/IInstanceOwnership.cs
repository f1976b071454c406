namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// Which node runs which instance. An instance must never run on two nodes at once: WhatsApp would see the
/// same device connect twice and close one (a conflict). With one node every claim succeeds; several nodes
/// sharing PostgreSQL will implement this with a lease the node renews.
/// </summary>
public interface IInstanceOwnership
{
    Task<bool> TryClaimAsync(Guid instanceId, CancellationToken cancellationToken);

    Task ReleaseAsync(Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>The only node: owns every instance.</summary>
public sealed class SingleNodeOwnership : IInstanceOwnership
{
    public Task<bool> TryClaimAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(Guid instanceId, CancellationToken cancellationToken) => Task.CompletedTask;
}
