using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

public static class ChatExtensions
{
    /// <summary>Chats and sending, shared by the API and the portal.</summary>
    public static IServiceCollection AddChats(this IServiceCollection services) => services
        .AddScoped<ChatQueries>()
        .AddScoped<SendMessageCommand>()
        .AddScoped<ActOnMessageCommand>()
        .AddScoped<CancelScheduledMessageCommand>()
        .AddScoped<ReadChatCommand>()
        .AddScoped<MarkChatCommand>();
}
