using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>A template to send, with the values of its variables.</summary>
public sealed record TemplateUse(Guid TemplateId, IReadOnlyDictionary<string, string> Variables);

/// <summary>
/// Turns a template and its variables into a message's text and file, for <see cref="SendMessageCommand"/>. A template
/// the tenant does not have (another tenant's included) is an error on <c>templateId</c>, not a 404: the address names
/// the instance, which exists. Every missing variable is named on its own field, <c>variables.{name}</c>.
/// </summary>
public sealed class TemplateFiller(WhatsPortalDbContext db, EnginePaths paths)
{
    public const string TemplateIdField = "templateId";

    public async Task<(SendMessage? Filled, IReadOnlyDictionary<string, Sentence[]> Errors)> FillAsync(SendMessage request, TemplateUse use, CancellationToken ct)
    {
        if (request.Text is not null || request.File is not null)
            return Refused(TemplateIdField, new Sentence("Send either a template or a text/media, not both."));
        var template = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == use.TemplateId, ct);
        if (template is null) return Refused(TemplateIdField, new Sentence("There is no template {0}.", use.TemplateId));
        if (!TemplateText.TryParse(template.Text, out var text, out var syntax)) return Refused(TemplateIdField, syntax);
        var missing = text.MissingFrom(use.Variables).ToList();
        if (missing.Count > 0)
            return (null, missing.ToDictionary(v => "variables." + v, v => new[] { new Sentence("The template needs the variable '{0}'.", v) }));

        var file = template.MediaPath is { } media && paths.ResolveMediaPath(media) is { } path
            ? new OutgoingFile(template.MediaSize ?? 0, template.MediaMimeType ?? "application/octet-stream", template.MediaFileName, c => File.ReadAllBytesAsync(path, c))
            : null;
        return (request with { Text = text.Render(use.Variables), File = file }, new Dictionary<string, Sentence[]>());
    }

    private static (SendMessage?, IReadOnlyDictionary<string, Sentence[]>) Refused(string field, Sentence error) =>
        (null, new Dictionary<string, Sentence[]> { [field] = [error] });
}
