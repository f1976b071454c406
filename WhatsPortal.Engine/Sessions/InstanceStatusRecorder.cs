using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Engine.Sessions;

/// <summary>Persists every status transition (Instance row + InstanceEvent line) and journals it.</summary>
internal sealed class InstanceStatusRecorder(
    WhatsPortalDbContextFactory databases,
    EventJournal journal,
    TimeProvider time,
    ILogger<InstanceStatusRecorder> logger)
{
    /// <param name="change">Other fields to write in the same save (e.g. the linked WhatsApp id).</param>
    /// <param name="lease">
    /// The lease of the session writing, checked in the same transaction (<see cref="LeaseLostException"/>, nothing
    /// written, when it moved on); null for writes that are no session's (a user stopping an instance that is not running).
    /// </param>
    public async Task TransitionAsync(Guid instanceId, InstanceStatus to, string? reason, Action<Instance>? change = null, LeaseGrant? lease = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = lease is null ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        if (lease is not null) await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
            ?? throw new InstanceNotFoundException(instanceId);
        var from = instance.Status;
        var now = time.GetUtcNow().UtcDateTime;
        instance.Status = to;
        instance.StatusReason = Truncate(reason);
        instance.UpdatedAt = now;
        change?.Invoke(instance);
        db.InstanceEvents.Add(new InstanceEvent
        {
            TenantId = instance.TenantId,
            InstanceId = instanceId,
            Type = "status",
            Level = to switch
            {
                InstanceStatus.Failed => InstanceEventLevel.Error,
                InstanceStatus.Reconnecting or InstanceStatus.LoggedOut => InstanceEventLevel.Warning,
                _ => InstanceEventLevel.Info,
            },
            FromStatus = from,
            ToStatus = to,
            Message = Truncate(reason) ?? $"{SnakeCaseEnum<InstanceStatus>.Name(from)} → {SnakeCaseEnum<InstanceStatus>.Name(to)}",
            CreatedAt = now,
        });
        await journal.SaveAsync(db, new InstanceStatusChanged(instance.TenantId, instanceId, now, from, to, reason), cancellationToken);
        logger.LogInformation("Instance {InstanceId} went from {FromStatus} to {ToStatus}: {Reason}",
            instanceId, SnakeCaseEnum<InstanceStatus>.Name(from), SnakeCaseEnum<InstanceStatus>.Name(to), reason ?? "-");
    }

    /// <summary>A line in the instance's log that is not a transition (e.g. a pairing code was requested), written while <paramref name="lease"/> holds.</summary>
    public async Task NoteAsync(Guid tenantId, Guid instanceId, string type, InstanceEventLevel level, string message, LeaseGrant lease, CancellationToken cancellationToken = default)
    {
        await using var db = databases.AcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InstanceLeases.HoldAsync(db, lease, cancellationToken);
        db.InstanceEvents.Add(new InstanceEvent
        {
            TenantId = tenantId, InstanceId = instanceId, Type = type, Level = level,
            Message = Truncate(message)!, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string? Truncate(string? text) =>
        text is { Length: > InstanceEvent.MessageMaxLength } ? text[..InstanceEvent.MessageMaxLength] : text;
}
