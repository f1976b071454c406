using System.Net.Http.Json;

namespace WhatsPortal.Benchmarks;

/// <summary>The simulator's control API: the phones on the other side.</summary>
internal sealed class SandboxApi(Uri simulator)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(simulator, "sandbox/"), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A message as a phone has it; <see cref="Timestamp"/> is when the network took it in and put it in the recipient's history.</summary>
    public sealed record PhoneMessage(string Id, string Text, string Direction, DateTimeOffset Timestamp);

    private sealed record NetworkStats(int Messages);

    public Uri WebPageUrl => new(_http.BaseAddress!, "web/");

    public async Task CreatePhoneAsync(string number, string name) =>
        (await _http.PostAsJsonAsync("phones", new { number, name })).EnsureSuccessStatusCode();

    public async Task LinkAsync(string number, string code)
    {
        using var response = await _http.PostAsJsonAsync($"phones/{number}/link", new { code });
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Linking {number} failed: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A message typed on phone <paramref name="number"/> to <paramref name="to"/> (an instance's number).</summary>
    public async Task SendFromPhoneAsync(string number, string to, string text) =>
        (await _http.PostAsJsonAsync($"phones/{number}/messages", new { to, text })).EnsureSuccessStatusCode();

    /// <summary>How many messages phones and devices have sent through the network: one cheap request to see arrivals.</summary>
    public async Task<int> MessageCountAsync() => (await _http.GetFromJsonAsync<NetworkStats>("stats"))!.Messages;

    public async Task<IReadOnlyList<PhoneMessage>> MessagesAsync(string number) =>
        (await _http.GetFromJsonAsync<List<PhoneMessage>>($"phones/{number}/messages"))!;

    /// <summary>Waits (bounded) until the network has carried <paramref name="total"/> messages in all.</summary>
    public async Task WaitForMessageCountAsync(int total, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await MessageCountAsync() < total)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The simulator carried {await MessageCountAsync()} of {total} messages within {timeout}.");
            await Task.Delay(50);
        }
    }

    /// <summary>When each message (by its unique text) reached the phones in <paramref name="recipients"/>.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ArrivalsAsync(IEnumerable<string> recipients)
    {
        var arrivals = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var number in recipients)
            foreach (var message in await MessagesAsync(number))
                if (message.Direction == "received") arrivals[message.Text] = message.Timestamp;
        return arrivals;
    }
}
