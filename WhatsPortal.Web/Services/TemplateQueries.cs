using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

/// <summary>A template as people read it: its text, the variables it asks for, and its media file if it has one.</summary>
public sealed record TemplateView(Guid Id, string Name, string Text, IReadOnlyList<string> Variables,
    string? MediaMimeType, string? MediaFileName, long? MediaSize, DateTime CreatedAt, DateTime? UpdatedAt)
{
    public static TemplateView From(MessageTemplate t) => new(t.Id, t.Name, t.Text,
        TemplateText.TryParse(t.Text, out var text, out _) ? text.Variables : [],
        t.MediaMimeType, t.MediaFileName, t.MediaSize, t.CreatedAt, t.UpdatedAt);
}

/// <summary>The caller's tenant's templates, through the tenant-scoped context: another tenant's are not there.</summary>
public sealed class TemplateQueries(WhatsPortalDbContext db)
{
    /// <summary>Null for a caller of no tenant (the operator), whose pages answer "not found".</summary>
    public async Task<IReadOnlyList<TemplateView>?> ListAsync(CancellationToken ct = default) =>
        db.Scope.TenantId is null ? null : [.. (await db.MessageTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(TemplateView.From)];

    public async Task<TemplateView?> FindAsync(Guid id, CancellationToken ct = default) =>
        await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) is { } template ? TemplateView.From(template) : null;
}

public static class TemplateServices
{
    /// <summary>Templates' commands (shared by the API and the portal) and their reads.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services) => services
        .AddScoped<SaveTemplateCommand>()
        .AddScoped<DeleteTemplateCommand>()
        .AddScoped<TemplateFiller>()
        .AddScoped<TemplateQueries>();
}
