using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>What can be done to an instance's session; the API's path segment and the portal's data-action are its lowercase name.</summary>
public enum InstanceAction
{
    Start,
    Stop,
    Restart,
    Logout,
    Delete,
}

/// <summary>
/// Starts, stops, restarts, logs out or deletes an instance. The tenant's door finds the instance through the caller's
/// tenant-scoped context, so another tenant's is not found, exactly as one that does not exist. The operator's door
/// crosses tenants, for the operator only; it logs who did what, and writes it to the instance's event log (except for
/// a deletion, whose log goes with it) so its tenant reads it too. The engine's refusals (too many instances running)
/// come back as conflicts. The value is the instance afterwards (as it was, for a deletion).
/// </summary>
public sealed class InstanceLifecycleCommand(WhatsPortalDbContext db, WhatsPortalDbContextFactory contexts, IWhatsAppEngine engine,
    CurrentUser user, ILogger<InstanceLifecycleCommand> logger)
{
    public async Task<CommandResult<Instance>> RunAsync(Guid instanceId, InstanceAction action, CancellationToken ct) =>
        await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct) is { } instance
            ? await ApplyAsync(db, instance, action, ct)
            : CommandResult<Instance>.NotFound();

    public async Task<CommandResult<Instance>> RunAsOperatorAsync(Guid instanceId, InstanceAction action, CancellationToken ct)
    {
        if (!user.IsOperator) return CommandResult<Instance>.NotFound();
        await using var across = contexts.AcrossTenants();
        var target = await (from i in across.Instances.AsNoTracking()
                            join t in across.Tenants on i.TenantId equals t.Id
                            where i.Id == instanceId
                            select new { Instance = i, Tenant = t.Name }).SingleOrDefaultAsync(ct);
        if (target is null) return CommandResult<Instance>.NotFound();
        var result = await ApplyAsync(across, target.Instance, action, ct);
        if (result.Status != CommandStatus.Done) return result;
        logger.LogInformation("Operator {Operator} ran {Action} on instance {InstanceId} ({InstanceName}) of tenant {TenantId} ({TenantName})",
            user.Principal.Identity?.Name ?? "?", action, instanceId, target.Instance.Name, target.Instance.TenantId, target.Tenant);
        if (action != InstanceAction.Delete)
        {
            across.InstanceEvents.Add(new InstanceEvent
            {
                TenantId = target.Instance.TenantId, InstanceId = instanceId, Type = "operator", Level = InstanceEventLevel.Info,
                Message = $"{PastTense(action)} by the operator.",
            });
            await across.SaveChangesAsync(ct);
        }
        return result;
    }

    /// <summary>"Started", "Stopped"...: the operator's notice and the tenant's event log say what was done.</summary>
    public static string PastTense(InstanceAction action) => action switch
    {
        InstanceAction.Start => "Started",
        InstanceAction.Stop => "Stopped",
        InstanceAction.Restart => "Restarted",
        InstanceAction.Logout => "Logged out",
        _ => "Deleted",
    };

    private async Task<CommandResult<Instance>> ApplyAsync(WhatsPortalDbContext source, Instance instance, InstanceAction action, CancellationToken ct)
    {
        try
        {
            await (action switch
            {
                InstanceAction.Start => engine.StartAsync(instance.Id, ct),
                InstanceAction.Stop => engine.StopAsync(instance.Id, ct),
                InstanceAction.Restart => engine.RestartAsync(instance.Id, ct),
                InstanceAction.Logout => engine.LogoutAsync(instance.Id, ct),
                _ => engine.DeleteAsync(instance.Id, ct),
            });
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<Instance>.Conflict("status", ex.Sentence);
        }
        catch (InstanceNotFoundException)
        {
            return CommandResult<Instance>.NotFound();
        }
        if (action == InstanceAction.Delete) return CommandResult<Instance>.Done(instance);
        var after = await source.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instance.Id, ct);
        return after is null ? CommandResult<Instance>.NotFound() : CommandResult<Instance>.Done(after);
    }
}
