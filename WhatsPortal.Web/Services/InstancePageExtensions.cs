using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

public static class InstancePageExtensions
{
    /// <summary>What the instance pages and the instance API share: its reads, and one command per rule.</summary>
    public static IServiceCollection AddInstancePages(this IServiceCollection services) => services
        .AddScoped<InstancePageQueries>()
        .AddScoped<SetInstanceWebhookCommand>()
        .AddScoped<SetInstancePacingCommand>()
        .AddScoped<RedeliverWebhookCommand>()
        .AddScoped<RequestPairingCodeCommand>();
}
