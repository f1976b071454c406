using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Web.Commands;

/// <summary>What happens to a template's media file when it is saved.</summary>
public abstract record TemplateMediaChange
{
    private TemplateMediaChange() { }

    /// <summary>The file stays as it is (none for a new template).</summary>
    public sealed record Keep : TemplateMediaChange;

    public sealed record Remove : TemplateMediaChange;

    public sealed record Replace(OutgoingFile File) : TemplateMediaChange;
}

public sealed record TemplateInput(string? Name, string? Text, TemplateMediaChange Media);

/// <summary>
/// Creates a template of the caller's tenant, or changes one (another tenant's is not found, as one that does not
/// exist). A name is unique within the tenant, the text must parse as a template, and a media file follows the rules
/// of sending one (size, a type WhatsApp takes), checked now rather than at every send.
/// </summary>
public sealed class SaveTemplateCommand(WhatsPortalDbContext db, EnginePaths paths, IOptions<EngineOptions> options, TimeProvider clock)
{
    public async Task<CommandResult<MessageTemplate>> RunAsync(Guid? templateId, TemplateInput input, CancellationToken ct)
    {
        if (db.Scope.TenantId is null) return CommandResult<MessageTemplate>.NoTenant();
        var template = templateId is { } id ? await db.MessageTemplates.SingleOrDefaultAsync(t => t.Id == id, ct) : null;
        if (templateId is not null && template is null) return CommandResult<MessageTemplate>.NotFound();

        var name = input.Name?.Trim() ?? "";
        var text = input.Text ?? "";
        var errors = new Dictionary<string, Sentence[]>();
        if (name.Length == 0) errors["name"] = [new("Enter a name for the template.")];
        else if (name.Length > MessageTemplate.NameMaxLength) errors["name"] = [new("A name has at most {0} characters.", MessageTemplate.NameMaxLength)];
        if (string.IsNullOrWhiteSpace(text)) errors["text"] = [new("Enter the template's text.")];
        else if (text.Length > Message.TextMaxLength) errors["text"] = [new("The text is longer than {0} characters.", Message.TextMaxLength)];
        else if (!TemplateText.TryParse(text, out _, out var syntax)) errors["text"] = [syntax];
        if (input.Media is TemplateMediaChange.Replace { File: var file } && MediaRefusal(file) is { } refusal) errors[refusal.Field] = [refusal.Sentence];
        if (errors.Count > 0) return CommandResult<MessageTemplate>.Invalid(errors);
        if (await db.MessageTemplates.AnyAsync(t => t.Name == name && t.Id != templateId, ct))
            return CommandResult<MessageTemplate>.Conflict("name", new Sentence("A template named \"{0}\" already exists.", name));

        template ??= db.MessageTemplates.Add(new MessageTemplate { Name = name, Text = text }).Entity;
        template.Name = name;
        template.Text = text;
        if (templateId is not null) template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var oldMedia = template.MediaPath;
        switch (input.Media)
        {
            case TemplateMediaChange.Remove:
                (template.MediaPath, template.MediaMimeType, template.MediaFileName, template.MediaSize) = (null, null, null, null);
                break;
            case TemplateMediaChange.Replace { File: var replacement }:
                var content = await replacement.ReadAsync(ct);
                template.MediaPath = await paths.SaveTemplateMediaAsync(template.Id, replacement.FileName, content, ct);
                (template.MediaMimeType, template.MediaFileName, template.MediaSize) = (replacement.MimeType, replacement.FileName, content.LongLength);
                break;
        }
        await db.SaveChangesAsync(ct);
        if (oldMedia is not null && oldMedia != template.MediaPath) paths.DeleteMedia(oldMedia);
        return CommandResult<MessageTemplate>.Done(template);
    }

    private InvalidOutboundMessageException? MediaRefusal(OutgoingFile file) =>
        file.Length == 0 ? new(OutboundFields.Media, "The media file is empty.")
        : file.Length > options.Value.MaxMediaBytes ? new(OutboundFields.Media, "The media file is larger than {0} bytes.", options.Value.MaxMediaBytes)
        : file.FileName is { Length: > Message.FileNameMaxLength } ? new(OutboundFields.MediaFileName, "The file name is longer than {0} characters.", Message.FileNameMaxLength)
        : SupportedMedia.Refusal(file.MimeType);
}
