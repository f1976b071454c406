using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace WhatsPortal.Simulator.Devices;

/// <summary>
/// One WebSocket between a page and the network. Writes go through an outbox so the network can send while
/// holding its lock without waiting on the socket; <see cref="Close"/> drains the outbox, then closes.
/// </summary>
internal sealed class DeviceConnection(WebSocket socket)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Large enough for a media message sent as a data URL.</summary>
    private const int MaxIncomingBytes = 32 * 1024 * 1024;

    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private (WebSocketCloseStatus Status, string Reason) _close = (WebSocketCloseStatus.NormalClosure, "closing");

    public void Send(object payload) => _outbox.Writer.TryWrite(JsonSerializer.Serialize(payload, Json));

    public void Close(WebSocketCloseStatus status, string reason)
    {
        _close = (status, reason);
        _outbox.Writer.TryComplete();
    }

    /// <summary>Runs until either side closes; hands each incoming JSON message to <paramref name="onMessage"/>, one at a time.</summary>
    public async Task RunAsync(Action<JsonElement> onMessage, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = SendLoopAsync(stop.Token);
        try
        {
            await ReceiveLoopAsync(onMessage, stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            // The page went away, the host is stopping, or the page spoke garbage: each ends this connection.
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await stop.CancelAsync();
            await sending;
        }
    }

    private async Task ReceiveLoopAsync(Action<JsonElement> onMessage, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxIncomingBytes)
            {
                Close(WebSocketCloseStatus.MessageTooBig, "message too big");
                return;
            }
            if (!result.EndOfMessage) continue;
            using (var document = JsonDocument.Parse(buffer.WrittenMemory))
                onMessage(document.RootElement);
            buffer.ResetWrittenCount();
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var text in _outbox.Reader.ReadAllAsync(cancellationToken))
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(_close.Status, _close.Reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Nothing more can reach a page whose socket is gone.
        }
    }
}
