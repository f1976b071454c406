using WhatsPortal.Data.Entities;

namespace WhatsPortal.Tests.Components;

/// <summary>A tenant whose owner is signed in, with an instance and one chat; messages are stored as the engine stores them.</summary>
public sealed record ChatSeed(Guid TenantId, Guid InstanceId, Guid ChatId)
{
    public static async Task<ChatSeed> ThreadAsync(PortalComponents portal, string? chatName = "Ana", int unread = 0, InstanceStatus status = InstanceStatus.Stopped,
        string remoteId = "5511988887777@c.us")
    {
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(user);
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        var instance = new Instance { Name = "sales", Status = status };
        var chat = new Chat { InstanceId = instance.Id, RemoteId = remoteId, Name = chatName, UnreadCount = unread, LastMessageAt = DateTime.UtcNow.AddHours(-1) };
        db.Instances.Add(instance);
        db.Chats.Add(chat);
        await db.SaveChangesAsync();
        return new ChatSeed(tenant.Id, instance.Id, chat.Id);
    }

    /// <summary>Stores a message of this chat (a text, unless <paramref name="shape"/> says otherwise) and returns its id.</summary>
    public async Task<Guid> StoreAsync(PortalComponents portal, MessageDirection direction, string? text, Action<Message>? shape = null, DateTime? at = null)
    {
        await using var db = portal.Contexts.ForTenant(TenantId);
        var message = new Message
        {
            InstanceId = InstanceId, ChatId = ChatId, Direction = direction, Type = MessageType.Text, Text = text,
            Status = direction == MessageDirection.Inbound ? MessageStatus.Received : MessageStatus.Sent, CreatedAt = at ?? DateTime.UtcNow,
        };
        shape?.Invoke(message);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}
