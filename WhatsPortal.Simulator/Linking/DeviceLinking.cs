using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Simulator.Devices;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Linking;

/// <summary>
/// Links pages to accounts: runs each waiting page's QR rotation, hands out pairing codes, and resolves the
/// code a phone "scans" (POST /sandbox/phones/{number}/link) to the page showing it.
/// </summary>
public sealed partial class DeviceLinking(WhatsAppNetwork network, IOptions<SimulatorOptions> options, TimeProvider time, ILogger<DeviceLinking> logger)
{
    /// <summary>Pairing codes avoid look-alike characters (0/O, 1/I) yet stay within A-Z0-9 as WhatsApp's do.</summary>
    private const string PairingAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, QrSession> _byRef = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QrSession> _byPairingCode = new(StringComparer.Ordinal);
    private readonly List<QrSession> _sessions = [];

    /// <summary>Starts showing rotating QR refs on a page without credentials.</summary>
    internal QrSession Start(DeviceConnection connection, Action<LinkedDevice> onLinked)
    {
        var session = new QrSession(connection, onLinked);
        lock (_gate) _sessions.Add(session);
        _ = RotateAsync(session);
        return session;
    }

    /// <summary>The page's socket closed: its codes no longer link anything.</summary>
    internal void End(QrSession session)
    {
        lock (_gate)
        {
            if (session.State == QrSessionState.Waiting) session.State = QrSessionState.Ended;
            Forget(session);
        }
        session.Rotation.Cancel();
    }

    internal string RequestPairingCode(QrSession session, string phone)
    {
        if (network.QueryExists(phone) is null)
            throw new NetworkException(NetworkErrorKind.NotFound, $"phone number {phone} is not registered on WhatsApp");
        lock (_gate)
        {
            if (session.State != QrSessionState.Waiting)
                throw new NetworkException(NetworkErrorKind.Conflict, "the QR attempts of this page ended; reload it to link");
            if (session.PairingCode is { } previous) _byPairingCode.Remove(previous);
            var code = string.Concat(Enumerable.Range(0, 8).Select(_ => PairingAlphabet[RandomNumberGenerator.GetInt32(PairingAlphabet.Length)]));
            session.PairingCode = code;
            session.PairingPhone = PhoneNumbers.FromId(phone);
            _byPairingCode[code] = session;
            LogPairingCode(session.PairingPhone ?? phone);
            return code;
        }
    }

    /// <summary>
    /// The phone <paramref name="number"/> scans a QR text (or types a pairing code): the page showing it becomes
    /// a linked device of that account.
    /// </summary>
    public LinkResult Link(string number, string code)
    {
        if (string.IsNullOrWhiteSpace(code))
            throw new NetworkException(NetworkErrorKind.Invalid, "Give the QR text (AuthCode.fullCode) or the 8-character pairing code in 'code'.");
        var phone = network.GetPhone(number);
        lock (_gate)
        {
            var session = FindSession(code.Trim(), phone);
            var device = network.LinkDevice(phone.Number, session.Connection);
            // The refs stay known until the page's socket closes, so scanning this code again says "already used".
            session.State = QrSessionState.Linked;
            if (session.PairingCode is { } pairing) _byPairingCode.Remove(pairing);
            session.Rotation.Cancel();
            session.OnLinked(device);
            return new LinkResult(phone.Number, phone.Wid, device.DeviceId, device.LinkedAt);
        }
    }

    public IReadOnlyList<QrSessionView> Waiting()
    {
        lock (_gate)
        {
            return _sessions.Where(s => s.CurrentRef is not null)
                .Select(s => new QrSessionView(s.CurrentRef!, s.FullCode(s.CurrentRef!), s.CurrentExpiresAt,
                    s.Refs.Count, options.Value.QrRefCount, s.PairingPhone))
                .ToList();
        }
    }

    private QrSession FindSession(string code, PhoneView phone)
    {
        if (!code.Contains(',') && code.Replace("-", "").ToUpperInvariant() is { Length: 8 } pairingCode)
        {
            var paired = _byPairingCode.GetValueOrDefault(pairingCode)
                ?? throw new NetworkException(NetworkErrorKind.NotFound, $"No page is waiting with the pairing code {pairingCode}; it may have expired or its page was closed.");
            if (network.QueryExists(paired.PairingPhone ?? "") != phone.Wid)
                throw new NetworkException(NetworkErrorKind.Conflict, $"The pairing code {pairingCode} was requested for {paired.PairingPhone}, not for {phone.Number}.");
            return paired;
        }
        var reference = code.Split(',')[0];
        var session = _byRef.GetValueOrDefault(reference)
            ?? throw new NetworkException(NetworkErrorKind.NotFound, "No page is showing this QR code: it never existed or its page was closed.");
        return session.State switch
        {
            QrSessionState.Linked => throw new NetworkException(NetworkErrorKind.Conflict, "This QR code was already used to link a device."),
            QrSessionState.Ended => throw new NetworkException(NetworkErrorKind.Conflict, "This QR code expired: the page's QR attempts ended; reload the page for a new one."),
            _ when session.CurrentRef != reference => throw new NetworkException(NetworkErrorKind.Conflict, "This QR code expired: the page already shows a newer one."),
            _ => session,
        };
    }

    private async Task RotateAsync(QrSession session)
    {
        var settings = options.Value;
        try
        {
            for (var attempt = 0; attempt < settings.QrRefCount; attempt++)
            {
                var lifetime = TimeSpan.FromSeconds(attempt == 0 ? settings.FirstQrRefSeconds : settings.QrRefSeconds);
                Task expiry;
                lock (_gate)
                {
                    if (session.State != QrSessionState.Waiting) return;
                    var reference = session.NewRef();
                    _byRef[reference] = session;
                    session.CurrentExpiresAt = time.GetUtcNow() + lifetime;
                    // The ref's timer runs before anyone can see the ref: a clock moved by whoever saw it always counts.
                    expiry = Task.Delay(lifetime, time, session.Rotation.Token);
                    session.Connection.Send(new { type = "qr", authCode = session.AuthCode(reference), expiresAt = session.CurrentExpiresAt });
                }
                await expiry;
            }
            lock (_gate)
            {
                if (session.State != QrSessionState.Waiting) return;
                session.State = QrSessionState.Ended;
                if (session.PairingCode is { } code) _byPairingCode.Remove(code);
                session.Connection.Send(new { type = "qr_ended" });
            }
            LogAttemptsEnded(settings.QrRefCount);
        }
        catch (OperationCanceledException)
        {
            // Linked or closed: the rotation has nothing left to do.
        }
    }

    /// <summary>Drops a closed page's session; until then its refs stay known so a stale scan gets 409, not 404.</summary>
    private void Forget(QrSession session)
    {
        _sessions.Remove(session);
        foreach (var reference in session.Refs) _byRef.Remove(reference);
        if (session.PairingCode is { } code) _byPairingCode.Remove(code);
    }

    [LoggerMessage(LogLevel.Information, "QR attempts ended after {Count} refs")]
    private partial void LogAttemptsEnded(int count);

    [LoggerMessage(LogLevel.Information, "Pairing code issued for {Phone}")]
    private partial void LogPairingCode(string phone);
}
