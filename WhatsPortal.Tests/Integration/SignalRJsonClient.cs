using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace WhatsPortal.Tests.Integration;

/// <summary>
/// A minimal client of SignalR's JSON protocol over a raw WebSocket (the .NET SignalR client is not in our
/// registries): handshake, invocations with completions, and incoming invocations.
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly Queue<JsonElement> _pending = new();
    private int _invocationId;

    private SignalRJsonClient(WebSocket socket) => _socket = socket;

    public static async Task<SignalRJsonClient> ConnectAsync(TestServer server, string path, string accessToken)
    {
        var socket = await server.CreateWebSocketClient().ConnectAsync(new Uri(server.BaseAddress, $"{path}?access_token={Uri.EscapeDataString(accessToken)}"), CancellationToken.None);
        var client = new SignalRJsonClient(socket);
        await client.SendAsync(new { protocol = "json", version = 1 });
        var handshake = await client.ReceiveAsync();
        Assert.False(handshake.TryGetProperty("error", out var error), $"handshake failed: {error}");
        return client;
    }

    /// <summary>Calls a hub method and returns its completion message (which carries "error" when it failed).</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = (++_invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new { type = 1, invocationId = id, target, arguments });
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id) return message;
            _pending.Enqueue(message);
        }
    }

    /// <summary>The next invocation of <paramref name="target"/> the server sends; pings are skipped.</summary>
    public async Task<JsonElement> NextInvocationAsync(string target, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = _pending.Count > 0 ? _pending.Dequeue() : await ReceiveAsync(cancel.Token);
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == target)
                return message.GetProperty("arguments")[0];
        }
    }

    /// <summary>Waits for the server to end the connection (a close message, a close frame or a dropped socket),
    /// skipping whatever arrives before; fails when it stays open for <paramref name="timeout"/>.</summary>
    public async Task ClosedByServerAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while ((await ReceiveAsync(cancel.Token)).GetProperty("type").GetInt32() != CloseMessageType) { }
        }
        catch (Exception e) when (e is InvalidOperationException or WebSocketException or IOException) { }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Assert.Fail("The hub kept the connection open.");
        }
    }

    private const int CloseMessageType = 7;

    private Task SendAsync(object message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<JsonElement> ReceiveAsync(CancellationToken ct = default)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"The hub closed the connection: {result.CloseStatusDescription}");
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage && text.Length > 0 && text[^1] == RecordSeparator) break;
        }
        // One frame may carry several records; keep all but the first for later.
        var records = text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var extra in records.Skip(1)) _pending.Enqueue(JsonDocument.Parse(extra).RootElement.Clone());
        return JsonDocument.Parse(records[0]).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        _socket.Dispose();
    }
}
