using Microsoft.Extensions.Logging;
using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// Orleans ends a silo's process at once (Environment.FailFast) when the cluster declared it dead, e.g. after it was
/// suspended or cut off for seconds, and on its other fatal errors. Its Chromium processes would outlive it, still
/// connected as devices whose instances other nodes now run: WhatsApp would see each device twice and kick one. So
/// every browser of this node is ended first, then the process, as Orleans' own handler does.
/// </summary>
internal sealed class DeclaredDeadHandler(EnginePaths paths, ILogger<DeclaredDeadHandler> logger) : IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => exception is not ThreadAbortException;

    public void OnFatalException(object? sender, string? context, Exception? exception)
    {
        logger.LogCritical(exception, "Orleans ended this node ({Context}); ending its browsers first", context);
        ChromiumLeftovers.EndBrowsersUsing(paths.ProfilesDirectory, logger);
        Environment.FailFast($"Orleans ended this node: {context}", exception);
    }
}
