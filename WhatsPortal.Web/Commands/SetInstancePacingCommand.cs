using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>How an instance sends (the pause between messages and its random extra) and whether it starts with WhatsPortal.</summary>
public sealed class SetInstancePacingCommand(WhatsPortalDbContext db, TimeProvider clock)
{
    /// <summary>Ten minutes: a longer pause is a stopped instance.</summary>
    public const int MaxPauseMs = 600_000;

    public static readonly Sentence PauseOutOfRange = new("Pauses go from 0 to 600000 ms (10 minutes).");

    public async Task<CommandResult<Instance>> RunAsync(Guid instanceId, int sendIntervalMs, int sendJitterMs, bool autoStart, CancellationToken ct)
    {
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return CommandResult<Instance>.NotFound();
        var errors = new Dictionary<string, Sentence[]>();
        if (sendIntervalMs is < 0 or > MaxPauseMs) errors["sendIntervalMs"] = [PauseOutOfRange];
        if (sendJitterMs is < 0 or > MaxPauseMs) errors["sendJitterMs"] = [PauseOutOfRange];
        if (errors.Count > 0) return CommandResult<Instance>.Invalid(errors);
        (instance.SendIntervalMs, instance.SendJitterMs, instance.AutoStart) = (sendIntervalMs, sendJitterMs, autoStart);
        instance.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return CommandResult<Instance>.Done(instance);
    }
}
