using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsPortal.Simulator.Devices;
using WhatsPortal.Simulator.Http;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator;

/// <summary>Puts the simulator into any ASP.NET Core app: <c>services.AddWhatsAppSimulator()</c>, then <c>app.MapWhatsAppSimulator()</c>.</summary>
public static class SimulatorHosting
{
    /// <summary>
    /// Registers the network (a singleton: it lives as long as the host, and across hosts when
    /// <see cref="SimulatorOptions.DataDirectory"/> is set) and binds <see cref="SimulatorOptions"/> from section <c>Simulator</c>.
    /// </summary>
    public static IServiceCollection AddWhatsAppSimulator(this IServiceCollection services)
    {
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName);
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NetworkStore>();
        services.AddSingleton<WhatsAppNetwork>();
        services.AddSingleton<DeviceLinking>();
        services.AddSingleton<PageSocketEndpoint>();
        return services;
    }

    /// <summary>
    /// Maps, under <paramref name="prefix"/>: the WhatsApp Web page (<c>web/</c>) and its socket (<c>ws</c>), the phone
    /// page (<c>phone</c>) and the control API (<c>phones</c>, <c>qr-sessions</c>, <c>stats</c>). The socket endpoint
    /// carries its own WebSocket middleware, so the host need not call <c>UseWebSockets()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapWhatsAppSimulator(this IEndpointRouteBuilder app, string prefix = "/sandbox")
    {
        // The kept network is read now, so what is wrong with it shows in the start-up log rather than at the first request.
        app.ServiceProvider.GetRequiredService<WhatsAppNetwork>();
        prefix = prefix.TrimEnd('/');
        var group = app.MapGroup(prefix);
        group.Map("/ws", app.CreateApplicationBuilder().UseWebSockets().Use(_ => context =>
            context.RequestServices.GetRequiredService<PageSocketEndpoint>().HandleAsync(context)).Build())
            .ExcludeFromDescription();
        WebPageAssets.Map(group);
        PhonePage.Map(group);
        SandboxControlApi.Map(group, prefix);
        return app;
    }
}
