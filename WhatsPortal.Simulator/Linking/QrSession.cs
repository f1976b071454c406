using System.Security.Cryptography;
using WhatsPortal.Simulator.Devices;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Linking;

internal enum QrSessionState { Waiting, Ended, Linked }

/// <summary>
/// A page without credentials waiting to be linked. Like WhatsApp Web, its key pairs stay fixed while the
/// ref (the first part of the QR text) rotates. State is changed only under <see cref="DeviceLinking"/>'s lock.
/// </summary>
internal sealed class QrSession(DeviceConnection connection, Action<LinkedDevice> onLinked)
{
    public DeviceConnection Connection { get; } = connection;
    public Action<LinkedDevice> OnLinked { get; } = onLinked;
    public CancellationTokenSource Rotation { get; } = new();
    public QrSessionState State { get; set; } = QrSessionState.Waiting;
    public List<string> Refs { get; } = [];
    public string? CurrentRef => Refs.Count > 0 && State == QrSessionState.Waiting ? Refs[^1] : null;
    public DateTimeOffset CurrentExpiresAt { get; set; }
    public string? PairingCode { get; set; }
    public string? PairingPhone { get; set; }

    private readonly string _staticKeyPair = RandomKey();
    private readonly string _identityKeyPair = RandomKey();
    private readonly string _secretKey = RandomKey();

    public string NewRef()
    {
        var reference = "2@" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
        Refs.Add(reference);
        return reference;
    }

    /// <summary>The QR text: <c>ref,staticKeyPair,identityKeyPair,secretKey</c>, as WhatsApp Web encodes it.</summary>
    public string FullCode(string reference) => $"{reference},{_staticKeyPair},{_identityKeyPair},{_secretKey}";

    /// <summary>wa-js's AuthCode object.</summary>
    public object AuthCode(string reference) => new
    {
        type = "multidevice",
        @ref = reference,
        staticKeyPair = _staticKeyPair,
        identityKeyPair = _identityKeyPair,
        secretKey = _secretKey,
        fullCode = FullCode(reference),
    };

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
