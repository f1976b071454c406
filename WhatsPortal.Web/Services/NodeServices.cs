using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

public static class NodeServices
{
    /// <summary>The operator's view of the cluster's nodes and the drain command the API and the portal share.</summary>
    public static IServiceCollection AddNodes(this IServiceCollection services) => services
        .AddScoped<NodeQueries>()
        .AddScoped<DrainNodeCommand>();
}
