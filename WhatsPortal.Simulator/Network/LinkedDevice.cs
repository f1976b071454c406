using System.Text.Json;
using WhatsPortal.Simulator.Devices;

namespace WhatsPortal.Simulator.Network;

/// <summary>
/// A companion device linked to an account (a WhatsApp Web page). Its token is the credential the page keeps
/// in IndexedDB. Events for it wait in <see cref="Pending"/> while it has no open connection, which is how
/// the network's offline queue works.
/// </summary>
internal sealed class LinkedDevice(Account account, int deviceId, string token, DateTimeOffset linkedAt)
{
    public Account Account { get; } = account;
    public int DeviceId { get; } = deviceId;
    public string Token { get; } = token;
    public DateTimeOffset LinkedAt { get; } = linkedAt;
    internal DeviceConnection? Connection { get; set; }
    internal Queue<JsonElement> Pending { get; } = new();

    /// <summary>Numbers whose presence this device asked for; WhatsApp forgets them when the device reconnects.</summary>
    internal HashSet<string> PresenceSubscriptions { get; } = new(StringComparer.Ordinal);
    public bool IsConnected => Connection is not null;
}
