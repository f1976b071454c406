using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

/// <summary>What WhatsApp Web knows of a contact of an instance of the caller's tenant, asked of the running instance.</summary>
public sealed class ContactQueries(WhatsPortalDbContext db, IWhatsAppEngine engine)
{
    /// <returns>Not found for another tenant's instance, invalid for a malformed number, a conflict when the instance is not connected.</returns>
    public Task<CommandResult<BlockState>> BlockStateAsync(Guid instanceId, string? number, CancellationToken ct) =>
        AskAsync(instanceId, number, async id => new BlockState(id, await engine.IsBlockedAsync(instanceId, id, ct)), ct);

    /// <returns>The link WhatsApp gives to the contact's picture (null when it has none or hides it), with the same refusals.</returns>
    public Task<CommandResult<ProfilePicture>> ProfilePictureAsync(Guid instanceId, string? number, CancellationToken ct) =>
        AskAsync(instanceId, number, async id => new ProfilePicture(id, await engine.GetProfilePictureUrlAsync(instanceId, id, ct)), ct);

    private async Task<CommandResult<T>> AskAsync<T>(Guid instanceId, string? number, Func<string, Task<T>> ask, CancellationToken ct) where T : class
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) return CommandResult<T>.NotFound();
        if (PhoneNumberList.ParseOne(number, out var id) is { } error) return CommandResult<T>.Invalid(BlockContactCommand.NumberField, error);
        try
        {
            return CommandResult<T>.Done(await ask(id));
        }
        catch (InstanceStateException ex)
        {
            return CommandResult<T>.Conflict("instance", ex.Sentence);
        }
    }
}

/// <param name="ChatId">The contact's WhatsApp id.</param>
/// <param name="Url">Where WhatsApp serves the picture (the link expires); null when there is none to see.</param>
public sealed record ProfilePicture(string ChatId, string? Url);
