using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Inbound;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine (configured from <c>Engine:*</c>) and its hosted <see cref="InstanceSupervisor"/>.
    /// Needs <c>AddWhatsPortalData()</c> (the database and its Data Protection key ring). The web layer uses <see cref="IWhatsAppEngine"/> and <see cref="IEngineEvents"/>.
    /// </summary>
    public static IServiceCollection AddWhatsAppEngine(this IServiceCollection services)
    {
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEngineEvents, InMemoryEngineEvents>();
        services.AddSingleton<EventJournal>();
        services.AddSingleton<ChromiumLocator>();
        services.AddSingleton<EnginePaths>();
        services.AddSingleton<IWhatsAppDriverFactory, PuppeteerWhatsAppDriverFactory>();
        services.AddSingleton<QrCodeRenderer>();
        services.AddSingleton<InstanceStatusRecorder>();
        services.AddSingleton<InboundRecorder>();
        services.AddSingleton<OutboundQueue>();
        services.AddSingleton<MessageActionQueue>();
        services.AddSingleton<SessionSnapshots>();
        services.AddSingleton<SessionDependencies>();
        services.AddMemoryCache();
        services.AddSingleton<NumberChecks>();
        services.AddSingleton<IInstanceOwnership, InstanceLeases>();
        services.AddSingleton<InstanceSupervisor>();
        services.AddSingleton<IWhatsAppEngine>(sp => sp.GetRequiredService<InstanceSupervisor>());
        services.AddSingleton<Groups.IWhatsAppGroups>(sp => sp.GetRequiredService<InstanceSupervisor>());
        // Before the supervisor: Chromium an earlier run left on our profiles is ended before any instance launches.
        services.AddHostedService<ChromiumLeftovers>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceSupervisor>());
        return services;
    }
}
