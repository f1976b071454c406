using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Commands;

/// <summary>
/// Drains a node (its instances move to other nodes and it takes no new ones) or lets it take instances again. Only the
/// flag is written here: the node's silo reads it with its heartbeat and moves its instances away. Draining the last live
/// node that is not draining is refused: its instances would have nowhere to go. Either way is idempotent.
/// </summary>
public sealed class DrainNodeCommand(CurrentUser caller, WhatsPortalDbContextFactory contexts, TimeProvider clock, ILogger<DrainNodeCommand> logger)
{
    public async Task<CommandResult<NodeView>> RunAsync(string name, bool drain, CancellationToken ct)
    {
        if (!caller.IsOperator) return CommandResult<NodeView>.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = contexts.AcrossTenants();
        // A node no longer listed (silent for a day) is not found either: the operator acts only on what they can see.
        var listedSince = now - NodeView.ForgottenAfter;
        var node = await db.ClusterNodes.SingleOrDefaultAsync(n => n.Name == name && n.HeartbeatAt >= listedSince, ct);
        if (node is null) return CommandResult<NodeView>.NotFound();
        if (drain && !node.Draining)
        {
            var aliveSince = now - NodeView.DownAfter;
            if (!await db.ClusterNodes.AnyAsync(n => n.Name != name && !n.Draining && n.HeartbeatAt >= aliveSince, ct))
                return CommandResult<NodeView>.Conflict("name", new Sentence(
                    "Node '{0}' cannot be drained: no other node is alive and taking instances, so its instances would have nowhere to go.", name));
        }
        node.Draining = drain;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Node {Node} {Action}", name, drain ? "drained" : "undrained");
        return CommandResult<NodeView>.Done(NodeView.Of(node, now));
    }
}
