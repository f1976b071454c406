using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using WhatsPortal.Engine.Cluster;
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
    /// Registers the engine (configured from <c>Engine:*</c>), its hosted <see cref="InstanceSupervisor"/> and the
    /// instances' grains with their placement, reconciler and node heartbeat. Needs <c>AddWhatsPortalData()</c> (the database and its Data Protection key ring) and an
    /// Orleans silo in the host (the web host's <c>AddWhatsPortalCluster()</c>). The web layer uses <see cref="IWhatsAppEngine"/> and <see cref="IEngineEvents"/>.
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
        // Every per-instance call goes through the instance's grain, on one node as on several (the host adds the silo).
        services.AddSingleton<ClusterEngine>();
        services.AddSingleton<IWhatsAppEngine>(sp => sp.GetRequiredService<ClusterEngine>());
        services.AddSingleton<Groups.IWhatsAppGroups>(sp => sp.GetRequiredService<ClusterEngine>());
        services.AddPlacementDirector<InstancePlacement, InstancePlacementDirector>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InstanceReconciler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, NodeHeartbeat>();
        // Before the supervisor: Chromium an earlier run left on our profiles is ended before any instance launches.
        services.AddHostedService<ChromiumLeftovers>();
        // Orleans registers its own only when none is (TryAdd): this one ends the node's browsers before the process.
        services.AddSingleton<IFatalErrorHandler, DeclaredDeadHandler>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceSupervisor>());
        return services;
    }
}
