using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Devices;

/// <summary>The WebSocket endpoint the simulator's WhatsApp Web page connects to.</summary>
internal sealed class PageSocketEndpoint(WhatsAppNetwork network, DeviceLinking linking, IHostApplicationLifetime lifetime, ILogger<PageSocketEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "This is the simulator page's WebSocket; open the page at web/ instead.").ExecuteAsync(context);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new DeviceConnection(socket);
        var page = new PageSession(connection, network, linking, logger);
        try
        {
            // The host waits for open connections when it stops, and a page never hangs up by itself: end with the host.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            await connection.RunAsync(page.OnMessage, stopping.Token);
        }
        finally
        {
            page.Closed();
        }
    }
}
