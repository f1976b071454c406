using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Data.Configurations;

// Enums are stored by their snake_case names so the database reads like the API.
internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> e)
    {
        e.Property(t => t.Name).HasMaxLength(Tenant.NameMaxLength);
        e.Property(t => t.WebhookUrl).HasMaxLength(Instance.WebhookUrlMaxLength);
        e.Property(t => t.WebhookSecret).HasMaxLength(Instance.WebhookSecretMaxLength);
        e.Property(t => t.WebhookEvents).HasMaxLength(Instance.WebhookEventsMaxLength);
        e.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.Property(u => u.DisplayName).HasMaxLength(100);
        e.Property(u => u.Culture).HasMaxLength(16);
        e.Property(u => u.TimeZone).HasMaxLength(64);
        e.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        e.Property(k => k.Prefix).HasMaxLength(ApiKey.PrefixLength);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.HasIndex(k => k.Hash).IsUnique();
        e.HasIndex(k => k.TenantId);
        e.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> e)
    {
        e.Property(i => i.Name).HasMaxLength(Instance.NameMaxLength);
        e.Property(i => i.Status).HasConversion(SnakeCaseEnum<InstanceStatus>.Converter).HasMaxLength(32);
        e.Property(i => i.StatusReason).HasMaxLength(InstanceEvent.MessageMaxLength);
        e.Property(i => i.WhatsAppId).HasMaxLength(Chat.RemoteIdMaxLength);
        e.Property(i => i.WebhookUrl).HasMaxLength(Instance.WebhookUrlMaxLength);
        e.Property(i => i.WebhookSecret).HasMaxLength(Instance.WebhookSecretMaxLength);
        e.Property(i => i.WebhookEvents).HasMaxLength(Instance.WebhookEventsMaxLength);
        e.HasIndex(i => new { i.TenantId, i.Name }).IsUnique();
        e.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstanceEventConfiguration : IEntityTypeConfiguration<InstanceEvent>
{
    public void Configure(EntityTypeBuilder<InstanceEvent> e)
    {
        e.Property(v => v.Type).HasMaxLength(InstanceEvent.TypeMaxLength);
        e.Property(v => v.Level).HasConversion(SnakeCaseEnum<InstanceEventLevel>.Converter).HasMaxLength(16);
        e.Property(v => v.FromStatus).HasConversion(SnakeCaseEnum<InstanceStatus>.Converter).HasMaxLength(32);
        e.Property(v => v.ToStatus).HasConversion(SnakeCaseEnum<InstanceStatus>.Converter).HasMaxLength(32);
        e.Property(v => v.Message).HasMaxLength(InstanceEvent.MessageMaxLength);
        e.HasIndex(v => new { v.InstanceId, v.Id });
        e.HasOne<Instance>().WithMany().HasForeignKey(v => v.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChatConfiguration : IEntityTypeConfiguration<Chat>
{
    public void Configure(EntityTypeBuilder<Chat> e)
    {
        e.Property(c => c.RemoteId).HasMaxLength(Chat.RemoteIdMaxLength);
        e.Property(c => c.Name).HasMaxLength(Chat.NameMaxLength);
        e.Property(c => c.LastMessagePreview).HasMaxLength(Chat.PreviewMaxLength);
        e.Property(c => c.Lid).HasMaxLength(Chat.RemoteIdMaxLength);
        e.HasIndex(c => new { c.InstanceId, c.RemoteId }).IsUnique();
        // One person is one chat: a LID belongs to one chat of an instance, whichever id that chat goes by.
        e.HasIndex(c => new { c.InstanceId, c.Lid }).IsUnique();
        e.HasIndex(c => new { c.InstanceId, c.LastMessageAt });
        e.HasOne<Instance>().WithMany().HasForeignKey(c => c.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> e)
    {
        e.Property(m => m.Direction).HasConversion(SnakeCaseEnum<MessageDirection>.Converter).HasMaxLength(16);
        e.Property(m => m.Status).HasConversion(SnakeCaseEnum<MessageStatus>.Converter).HasMaxLength(16);
        e.Property(m => m.Type).HasConversion(SnakeCaseEnum<MessageType>.Converter).HasMaxLength(16);
        e.Property(m => m.Text).HasMaxLength(Message.TextMaxLength);
        e.Property(m => m.WhatsAppId).HasMaxLength(Message.WhatsAppIdMaxLength);
        e.Property(m => m.SenderId).HasMaxLength(Chat.RemoteIdMaxLength);
        e.Property(m => m.MediaPath).HasMaxLength(512);
        e.Property(m => m.MediaMimeType).HasMaxLength(Message.MimeTypeMaxLength);
        e.Property(m => m.MediaFileName).HasMaxLength(Message.FileNameMaxLength);
        e.Property(m => m.IdempotencyKey).HasMaxLength(Message.IdempotencyKeyMaxLength);
        e.Property(m => m.RequestFingerprint).HasMaxLength(Message.RequestFingerprintLength);
        e.Property(m => m.Error).HasMaxLength(Message.ErrorMaxLength);
        e.Property(m => m.Content).HasMaxLength(Message.ContentMaxLength);
        e.Property(m => m.Votes).HasMaxLength(Message.ContentMaxLength);
        e.HasIndex(m => new { m.ChatId, m.CreatedAt });
        e.HasIndex(m => new { m.InstanceId, m.Status, m.CreatedAt });
        // The sender's look for due scheduled messages (and their earliest time) reads only this index.
        e.HasIndex(m => new { m.InstanceId, m.Status, m.SendAt });
        e.HasIndex(m => new { m.InstanceId, m.WhatsAppId });
        e.HasIndex(m => new { m.InstanceId, m.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        e.Property(m => m.QuotedWhatsAppId).HasMaxLength(Message.WhatsAppIdMaxLength);
        e.Property(m => m.Mentions).HasMaxLength(Message.ContentMaxLength);
        e.HasOne<Chat>().WithMany().HasForeignKey(m => m.ChatId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageReactionConfiguration : IEntityTypeConfiguration<MessageReaction>
{
    public void Configure(EntityTypeBuilder<MessageReaction> e)
    {
        e.Property(r => r.SenderId).HasMaxLength(Chat.RemoteIdMaxLength);
        e.Property(r => r.Emoji).HasMaxLength(MessageReaction.EmojiMaxLength);
        // One reaction per person and message, as on WhatsApp.
        e.HasIndex(r => new { r.MessageId, r.SenderId }).IsUnique();
        e.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageActionConfiguration : IEntityTypeConfiguration<MessageAction>
{
    public void Configure(EntityTypeBuilder<MessageAction> e)
    {
        e.Property(a => a.Kind).HasConversion(SnakeCaseEnum<MessageActionKind>.Converter).HasMaxLength(16);
        e.Property(a => a.Status).HasConversion(SnakeCaseEnum<MessageStatus>.Converter).HasMaxLength(16);
        e.Property(a => a.Value).HasMaxLength(Message.TextMaxLength);
        e.Property(a => a.Error).HasMaxLength(Message.ErrorMaxLength);
        e.HasIndex(a => new { a.InstanceId, a.Status, a.CreatedAt });
        e.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> e)
    {
        e.Property(t => t.Name).HasMaxLength(MessageTemplate.NameMaxLength);
        e.Property(t => t.Text).HasMaxLength(Message.TextMaxLength);
        e.Property(t => t.MediaPath).HasMaxLength(512);
        e.Property(t => t.MediaMimeType).HasMaxLength(Message.MimeTypeMaxLength);
        e.Property(t => t.MediaFileName).HasMaxLength(Message.FileNameMaxLength);
        e.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        e.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.Property(d => d.EventType).HasMaxLength(WebhookDelivery.EventTypeMaxLength);
        e.Property(d => d.Url).HasMaxLength(Instance.WebhookUrlMaxLength);
        e.Property(d => d.Status).HasConversion(SnakeCaseEnum<WebhookDeliveryStatus>.Converter).HasMaxLength(16);
        e.Property(d => d.Target).HasConversion(SnakeCaseEnum<WebhookTarget>.Converter).HasMaxLength(16);
        e.Property(d => d.LastError).HasMaxLength(InstanceEvent.MessageMaxLength);
        e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        e.HasIndex(d => new { d.InstanceId, d.Id });
        e.HasOne<Instance>().WithMany().HasForeignKey(d => d.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> e)
    {
        e.Property(a => a.Error).HasMaxLength(InstanceEvent.MessageMaxLength);
        e.HasIndex(a => a.DeliveryId);
        e.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PendingEventConfiguration : IEntityTypeConfiguration<PendingEvent>
{
    public void Configure(EntityTypeBuilder<PendingEvent> e) =>
        e.HasOne<Instance>().WithMany().HasForeignKey(p => p.InstanceId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class InstanceLeaseConfiguration : IEntityTypeConfiguration<InstanceLease>
{
    public void Configure(EntityTypeBuilder<InstanceLease> e)
    {
        e.HasKey(l => l.InstanceId);
        e.Property(l => l.Node).HasMaxLength(InstanceLease.NodeMaxLength);
        e.HasOne<Instance>().WithOne().HasForeignKey<InstanceLease>(l => l.InstanceId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(l => l.Node);
    }
}

internal sealed class SessionSnapshotConfiguration : IEntityTypeConfiguration<SessionSnapshot>
{
    public void Configure(EntityTypeBuilder<SessionSnapshot> e)
    {
        e.HasOne<Instance>().WithMany().HasForeignKey(s => s.InstanceId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.InstanceId, s.Epoch });
    }
}

internal sealed class ClusterNodeConfiguration : IEntityTypeConfiguration<ClusterNode>
{
    public void Configure(EntityTypeBuilder<ClusterNode> e)
    {
        e.HasKey(n => n.Name);
        e.Property(n => n.Name).HasMaxLength(InstanceLease.NodeMaxLength);
        e.Property(n => n.Address).HasMaxLength(255);
    }
}
