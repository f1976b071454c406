using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WhatsPortal.Web.Apis;

/// <summary>Examples for the request bodies, so the OpenAPI UI offers a working request to start from, and for the media object messages and the chats (with a LID) answers carry.</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<Type, JsonNode> Examples = new()
    {
        [typeof(AdminApi.CreateTenantRequest)] = new JsonObject { ["name"] = "Acme Ltda", ["instanceQuota"] = 5 },
        [typeof(AdminApi.CreateTenantUserRequest)] = new JsonObject { ["email"] = "ana@acme.com.br", ["password"] = "Choose-A-Passw0rd", ["role"] = "Owner" },
        [typeof(AdminApi.SetQuotaRequest)] = new JsonObject { ["instanceQuota"] = 10 },
        [typeof(AdminApi.CreateApiKeyRequest)] = new JsonObject { ["name"] = "crm", ["scopes"] = new JsonArray("read", "send", "manage") },
        [typeof(AdminApi.InviteRequest)] = new JsonObject { ["email"] = "bruno@acme.com.br", ["role"] = "Member" },
        [typeof(AdminApi.NodeResponse)] = new JsonObject
        {
            ["name"] = "node-b", ["address"] = "10.0.0.12:11111", ["status"] = "draining", ["instanceCount"] = 3, ["memoryBytes"] = 734003200,
            ["startedAt"] = "2026-11-26T08:00:00Z", ["heartbeatAt"] = "2026-11-26T09:30:02Z",
        },
        [typeof(InstancesApi.CreateInstanceRequest)] = new JsonObject { ["name"] = "sales", ["webhookUrl"] = "https://crm.example.com/whatsapp" },
        [typeof(InstanceLifecycleApi.PairingCodeRequest)] = new JsonObject { ["phone"] = "5511999990000" },
        // Scheduled: it goes out at sendAt, or on reconnection until expiresAt; leave both out to send now.
        [typeof(MessagesApi.SendMessageRequest)] = new JsonObject
        {
            ["to"] = "5511988887777", ["text"] = "Lembrete: sua consulta é amanhã às 9h.",
            ["sendAt"] = "2026-12-01T12:00:00Z", ["expiresAt"] = "2026-12-01T20:00:00Z",
        },
        [typeof(TemplatesApi.TemplateRequest)] = new JsonObject { ["name"] = "pedido-saiu", ["text"] = "Olá {{nome}}! Seu pedido {{pedido}} saiu para entrega." },
        [typeof(MessagesApi.ReactionRequest)] = new JsonObject { ["emoji"] = "👍" },
        [typeof(MessagesApi.EditMessageRequest)] = new JsonObject { ["text"] = "Olá! Seu pedido sai para entrega amanhã." },
        [typeof(MessagesApi.MediaRequest)] = new JsonObject { ["base64"] = "JVBERi0xLjQK…", ["mimeType"] = "application/pdf", ["fileName"] = "orcamento.pdf", ["kind"] = "document" },
        [typeof(MessagesApi.LocationRequest)] = new JsonObject { ["latitude"] = -23.5613, ["longitude"] = -46.6565, ["name"] = "Loja Paulista", ["address"] = "Av. Paulista, 1000, São Paulo" },
        [typeof(MessagesApi.ContactRequest)] = new JsonObject { ["name"] = "Suporte Acme", ["numbers"] = new JsonArray("5511955554444", "5511933332222") },
        [typeof(MessagesApi.PollRequest)] = new JsonObject { ["question"] = "Qual horário prefere?", ["options"] = new JsonArray("Manhã", "Tarde", "Noite"), ["multipleChoice"] = false },
        [typeof(ChatsApi.MediaResponse)] = new JsonObject
        {
            ["mimeType"] = "application/pdf", ["fileName"] = "pedido.pdf", ["size"] = 48213,
            ["url"] = "/api/v1/instances/0193a1b2-0000-7000-8000-000000000001/messages/0193a1b2-0000-7000-8000-0000000000aa/media",
        },
        [typeof(ContactsApi.NumbersRequest)] = new JsonObject { ["numbers"] = new JsonArray("5511988887777", "+55 (21) 97777-6666") },
        [typeof(ContactsApi.ChatStateRequest)] = new JsonObject { ["state"] = "composing" },
        // A person WhatsApp names by a LID: the chat goes by their number, with the LID beside it.
        [typeof(ChatsApi.ChatResponse)] = new JsonObject
        {
            ["id"] = "0193a1b2-0000-7000-8000-0000000000c1", ["remoteId"] = "5511988887777@c.us", ["lid"] = "204722913845621@lid",
            ["name"] = "Ana", ["unreadCount"] = 1, ["lastMessageAt"] = "2026-11-26T09:30:00Z", ["lastMessagePreview"] = "Quero um orçamento",
            ["markedUnread"] = false, ["archived"] = false,
        },
        [typeof(GroupsApi.CreateGroupRequest)] = new JsonObject { ["subject"] = "Equipe de vendas", ["participants"] = new JsonArray("5511988887777", "5521977776666") },
        [typeof(GroupsApi.ParticipantsRequest)] = new JsonObject { ["participants"] = new JsonArray("5511988887777") },
        [typeof(GroupsApi.GroupPropertyRequest)] = new JsonObject { ["value"] = "Pedidos e entregas da semana" },
        [typeof(WebhooksApi.WebhookRequest)] = new JsonObject
        {
            ["url"] = "https://crm.example.com/whatsapp",
            ["events"] = new JsonArray("message.received", "message.status"),
        },
    };

    /// <summary>One message request per kind, so each kind has a request to start from.</summary>
    private static readonly JsonNode[] MessageKinds =
    [
        Examples[typeof(MessagesApi.SendMessageRequest)],
        new JsonObject { ["to"] = "5511988887777", ["text"] = "Segue o orçamento", ["media"] = Examples[typeof(MessagesApi.MediaRequest)].DeepClone() },
        new JsonObject { ["to"] = "5511988887777", ["media"] = new JsonObject { ["base64"] = "T2dnUwACAAAAAAAA…", ["mimeType"] = "audio/ogg; codecs=opus", ["kind"] = "ptt" } },
        new JsonObject { ["to"] = "5511988887777", ["media"] = new JsonObject { ["base64"] = "UklGRiQAAABXRUJQ…", ["mimeType"] = "image/webp", ["kind"] = "sticker" } },
        new JsonObject { ["to"] = "5511988887777", ["text"] = "Como chegar", ["media"] = new JsonObject { ["base64"] = "AAAAIGZ0eXBpc29t…", ["mimeType"] = "video/mp4", ["fileName"] = "rota.mp4", ["kind"] = "video" } },
        new JsonObject { ["to"] = "5511988887777", ["media"] = new JsonObject { ["base64"] = "SUQzBAAAAAAA…", ["mimeType"] = "audio/mpeg", ["fileName"] = "jingle.mp3", ["kind"] = "audio" } },
        new JsonObject { ["to"] = "5511988887777", ["location"] = Examples[typeof(MessagesApi.LocationRequest)].DeepClone() },
        new JsonObject { ["to"] = "5511988887777", ["contact"] = Examples[typeof(MessagesApi.ContactRequest)].DeepClone() },
        new JsonObject { ["to"] = "5511988887777", ["poll"] = Examples[typeof(MessagesApi.PollRequest)].DeepClone() },
    ];

    public static OpenApiOptions AddWhatsPortalExamples(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(MessagesApi.SendMessageRequest))
                schema.Examples = [.. MessageKinds.Select(e => e.DeepClone())];
            else if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
                schema.Examples = [example.DeepClone()];
            return Task.CompletedTask;
        });
}
