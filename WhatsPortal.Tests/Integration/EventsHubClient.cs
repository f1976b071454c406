using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

/// <summary>
/// A SignalR client of the events hub over the test server's WebSockets, keeping the events it receives
/// and noticing when the server ends the connection.
/// </summary>
public sealed class EventsHubClient : IAsyncDisposable
{
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EventsHubClient(TestServer server, string accessToken)
    {
        // The key rides in the query string, as browsers send it on WebSockets; the test server's WebSocket client takes no headers from the SignalR client.
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, $"{EventsHub.Path}?access_token={Uri.EscapeDataString(accessToken)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, ct) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, ct);
            })
            .Build();
        Connection.On<JsonElement>(EventsHub.EventMethod, e => _events.Writer.TryWrite(e));
        Connection.Closed += _ => { _closed.TrySetResult(); return Task.CompletedTask; };
    }

    public HubConnection Connection { get; }

    /// <summary>Opens a connection; a refused key surfaces as the negotiate request's <see cref="HttpRequestException"/>.</summary>
    public static async Task<EventsHubClient> ConnectAsync(TestServer server, string accessToken)
    {
        var client = new EventsHubClient(server, accessToken);
        try
        {
            await client.Connection.StartAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next event the hub sends; fails when none arrives within <paramref name="timeout"/>.</summary>
    public Task<JsonElement> NextEventAsync(TimeSpan timeout) => _events.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Waits for the server to end the connection; fails when it stays open for <paramref name="timeout"/>.</summary>
    public Task ClosedByServerAsync(TimeSpan timeout) => _closed.Task.WaitAsync(timeout);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
