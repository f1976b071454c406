namespace WhatsPortal.Simulator.Linking;

/// <summary>A page waiting to be linked, as the phone page and tests see it: <see cref="Code"/> is the QR text to link with.</summary>
public sealed record QrSessionView(string Ref, string Code, DateTimeOffset ExpiresAt, int Attempt, int Attempts, string? PairingPhone);

/// <summary>The device a link created.</summary>
public sealed record LinkResult(string Number, string Wid, int DeviceId, DateTimeOffset LinkedAt);
