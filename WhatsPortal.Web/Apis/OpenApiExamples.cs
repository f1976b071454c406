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
        [typeof(InstancesApi.CreateInstanceRequest)] = new JsonObject { ["name"] = "sales", ["webhookUrl"] = "https://crm.example.com/whatsapp" },
        [typeof(InstanceLifecycleApi.PairingCodeRequest)] = new JsonObject { ["phone"] = "5511999990000" },
        [typeof(MessagesApi.SendMessageRequest)] = new JsonObject { ["to"] = "5511988887777", ["text"] = "Olá! Seu pedido saiu para entrega." },
        [typeof(TemplatesApi.TemplateRequest)] = new JsonObject { ["name"] = "pedido-saiu", ["text"] = "Olá {{nome}}! Seu pedido {{pedido}} saiu para entrega." },
        [typeof(MessagesApi.MediaRequest)] = new JsonObject { ["base64"] = "JVBERi0xLjQK…", ["mimeType"] = "application/pdf", ["fileName"] = "orcamento.pdf" },
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
        },
        [typeof(WebhooksApi.WebhookRequest)] = new JsonObject
        {
            ["url"] = "https://crm.example.com/whatsapp",
            ["events"] = new JsonArray("message.received", "message.status"),
        },
    };

    public static OpenApiOptions AddWhatsPortalExamples(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
                schema.Examples = [example.DeepClone()];
            return Task.CompletedTask;
        });
}
