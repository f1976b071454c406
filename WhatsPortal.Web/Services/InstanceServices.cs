using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Services;

public static class InstanceServices
{
    /// <summary>Instances' commands (shared by the API and the portal) and the portal's reads of them.</summary>
    public static IServiceCollection AddInstances(this IServiceCollection services) => services
        .AddScoped<CreateInstanceCommand>()
        .AddScoped<InstanceLifecycleCommand>()
        .AddScoped<InstanceQueries>();
}
