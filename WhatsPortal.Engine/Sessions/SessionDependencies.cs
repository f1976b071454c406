using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Engine.Events;
using WhatsPortal.Engine.Inbound;
using WhatsPortal.Engine.Outbound;

namespace WhatsPortal.Engine.Sessions;

/// <summary>What every <see cref="InstanceSession"/> needs; one shared set.</summary>
internal sealed record SessionDependencies(
    IWhatsAppDriverFactory Drivers,
    IInstanceOwnership Ownership,
    SessionSnapshots Snapshots,
    InstanceStatusRecorder Status,
    InboundRecorder Inbound,
    OutboundQueue Outbound,
    MessageActionQueue Actions,
    WhatsPortalDbContextFactory Databases,
    EnginePaths Paths,
    IEngineEvents Events,
    TimeProvider Time,
    IOptions<EngineOptions> Options,
    IOptions<ClusterOptions> Cluster,
    ILoggerFactory LoggerFactory);
