using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WhatsPortal.Simulator.Devices;

namespace WhatsPortal.Simulator.Network;

/// <summary>The device side of the network: linking, connections, conflicts, logout and fault injection.</summary>
public sealed partial class WhatsAppNetwork
{
    /// <summary>LogoutReason a page gets when its phone unlinks it (WhatsApp no longer knows the companion).</summary>
    public const string RemoteLogoutReason = "unknown_companion";

    /// <summary>LogoutReason of <c>WPP.conn.logout()</c>.</summary>
    public const string UserLogoutReason = "user_initiated";

    /// <summary>Links a new companion device to the account and attaches the page's connection to it.</summary>
    internal LinkedDevice LinkDevice(string number, DeviceConnection connection)
    {
        return Change(() =>
        {
            var account = Resolve(number) ?? throw NetworkException.NoSuchPhone(number);
            if (account.Devices.Count >= _options.Value.MaxLinkedDevices)
                throw new NetworkException(NetworkErrorKind.Conflict,
                    $"The phone {account.Number} already has {account.Devices.Count} linked devices, the most WhatsApp allows; unlink one first.");
            var device = new LinkedDevice(account, ++account.LastDeviceId,
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), _time.GetUtcNow());
            account.Devices.Add(device);
            _devicesByToken.Add(device.Token, device);
            LogDeviceLinked(account.Number, device.DeviceId);
            Connect(device, connection, new
            {
                type = "linked",
                me = account.Wid,
                blocked = BlockedWids(account),
                pushname = account.Name,
                frozen = account.Frozen,
                credentials = new { wid = account.Wid, deviceId = device.DeviceId, token = device.Token },
            });
            return device;
        });
    }

    /// <summary>
    /// A page came back with stored credentials. Returns null when they are no longer valid (the device was
    /// unlinked while the page was away). A second connection of the same device replaces the first, as
    /// WhatsApp Web's "open in another window" does, and is counted as a conflict.
    /// </summary>
    internal LinkedDevice? Reconnect(string token, DeviceConnection connection)
    {
        return Change(() =>
        {
            if (!_devicesByToken.TryGetValue(token, out var device)) return null;
            if (device.Connection is { } older)
            {
                _conflicts++;
                LogConflict(device.Account.Number, device.DeviceId);
                older.Send(new { type = "conflict" });
                older.Close(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection of this device");
            }
            Connect(device, connection, new
            {
                type = "authenticated",
                me = device.Account.Wid,
                blocked = BlockedWids(device.Account),
                pushname = device.Account.Name,
                frozen = device.Account.Frozen,
            });
            return device;
        });
    }

    /// <summary>The page's socket closed; the device stays linked and queues events until it reconnects.</summary>
    internal void Disconnect(LinkedDevice device, DeviceConnection connection)
    {
        lock (_gate)
        {
            if (device.Connection != connection) return;
            device.Connection = null;
            LogDeviceDisconnected(device.Account.Number, device.DeviceId);
        }
    }

    /// <summary><c>WPP.conn.logout()</c> on a page: the device unlinks itself.</summary>
    internal void Logout(LinkedDevice device)
    {
        Change(() => Unlink(device, UserLogoutReason));
    }

    /// <summary>The phone logs out every linked device ("Log out from all devices").</summary>
    public int UnlinkAll(string number)
    {
        return Change(() =>
        {
            var account = Get(number);
            var devices = account.Devices.ToList();
            foreach (var device in devices) Unlink(device, RemoteLogoutReason);
            return devices.Count;
        });
    }

    /// <summary>Fault: closes every device socket of the account, as a network failure would.</summary>
    public int Drop(string number)
    {
        lock (_gate)
        {
            var connected = Get(number).Devices.Where(d => d.IsConnected).ToList();
            foreach (var device in connected)
            {
                device.Connection!.Close(WebSocketCloseStatus.EndpointUnavailable, "connection dropped by the sandbox");
                device.Connection = null;
            }
            LogDropped(number, connected.Count);
            return connected.Count;
        }
    }

    /// <summary>Fault: the account's pages stop answering (their WPP promises never settle) until unfrozen.</summary>
    public void SetFrozen(string number, bool frozen)
    {
        lock (_gate)
        {
            var account = Get(number);
            account.Frozen = frozen;
            foreach (var device in account.Devices)
                device.Connection?.Send(new { type = frozen ? "freeze" : "unfreeze" });
            LogFrozen(number, frozen);
        }
    }

    /// <summary>Takes the phone itself on or off line; an offline account with no connected device gets no delivered acks.</summary>
    public void SetOnline(string number, bool online)
    {
        Change(() =>
        {
            var account = Get(number);
            account.PhoneOnline = online;
            if (online) AckPendingDeliveries(account);
        });
    }

    private void Connect(LinkedDevice device, DeviceConnection connection, object greeting)
    {
        device.Connection = connection;
        device.PresenceSubscriptions.Clear();
        connection.Send(greeting);
        while (device.Pending.TryDequeue(out var payload)) connection.Send(payload);
        AckPendingDeliveries(device.Account);
        LogDeviceConnected(device.Account.Number, device.DeviceId);
    }

    /// <summary>Messages waiting for a reachable recipient are delivered now; their senders see ack 2.</summary>
    private void AckPendingDeliveries(Account recipient)
    {
        foreach (var group in recipient.Messages.Where(m => m.To == recipient.Number && m.Ack == Ack.Sent).GroupBy(m => m.From).ToList())
            ChangeAck(Ack.Delivered, _accounts[group.Key], recipient.Number, group.ToList());
    }

    private void Unlink(LinkedDevice device, string reason)
    {
        device.Account.Devices.Remove(device);
        _devicesByToken.Remove(device.Token);
        device.Pending.Clear();
        if (device.Connection is { } connection)
        {
            connection.Send(new { type = "logout", reason });
            connection.Close(WebSocketCloseStatus.NormalClosure, "logged out");
            device.Connection = null;
        }
        LogDeviceUnlinked(device.Account.Number, device.DeviceId, reason);
    }

    [LoggerMessage(LogLevel.Information, "Device {DeviceId} linked to {Number}")]
    private partial void LogDeviceLinked(string number, int deviceId);

    [LoggerMessage(LogLevel.Debug, "Device {DeviceId} of {Number} connected")]
    private partial void LogDeviceConnected(string number, int deviceId);

    [LoggerMessage(LogLevel.Debug, "Device {DeviceId} of {Number} disconnected")]
    private partial void LogDeviceDisconnected(string number, int deviceId);

    [LoggerMessage(LogLevel.Warning, "Device {DeviceId} of {Number} connected twice; the older connection was closed (conflict)")]
    private partial void LogConflict(string number, int deviceId);

    [LoggerMessage(LogLevel.Information, "Device {DeviceId} of {Number} unlinked ({Reason})")]
    private partial void LogDeviceUnlinked(string number, int deviceId, string reason);

    [LoggerMessage(LogLevel.Information, "Dropped {Count} connection(s) of {Number}")]
    private partial void LogDropped(string number, int count);

    [LoggerMessage(LogLevel.Information, "Pages of {Number} frozen: {Frozen}")]
    private partial void LogFrozen(string number, bool frozen);
}
