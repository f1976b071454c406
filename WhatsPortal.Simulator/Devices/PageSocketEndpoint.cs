using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Devices;

/// <summary>The WebSocket endpoint the simulator's WhatsApp Web page connects to.</summary>
internal sealed class PageSocketEndpoint(WhatsAppNetwork network, DeviceLinking linking, ILogger<PageSocketEndpoint> logger)
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
            await connection.RunAsync(page.OnMessage, context.RequestAborted);
        }
        finally
        {
            page.Closed();
        }
    }
}
