using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>Deletes a template of the caller's tenant and its media file; messages already sent from it keep their own copy.</summary>
public sealed class DeleteTemplateCommand(WhatsPortalDbContext db, EnginePaths paths)
{
    public async Task<CommandResult<MessageTemplate>> RunAsync(Guid templateId, CancellationToken ct)
    {
        var template = await db.MessageTemplates.SingleOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null) return CommandResult<MessageTemplate>.NotFound();
        db.MessageTemplates.Remove(template);
        await db.SaveChangesAsync(ct);
        if (template.MediaPath is { } media) paths.DeleteMedia(media);
        return CommandResult<MessageTemplate>.Done(template);
    }
}
