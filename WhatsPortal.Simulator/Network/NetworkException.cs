namespace WhatsPortal.Simulator.Network;

public enum NetworkErrorKind { NotFound, Conflict, Invalid, Forbidden }

/// <summary>A refused network operation; the control API maps the kind to 404/409/400, the page rejects with the message.</summary>
/// <param name="code">The code wa-js gives the same refusal (its WPPError's <c>code</c>, e.g. group_you_are_not_admin), when it has one.</param>
public sealed class NetworkException(NetworkErrorKind kind, string message, string? code = null) : Exception(message)
{
    public NetworkErrorKind Kind { get; } = kind;

    public string? Code { get; init; } = code;

    public static NetworkException NoSuchPhone(string number) =>
        new(NetworkErrorKind.NotFound, $"There is no sandbox phone {number}; create it with POST /sandbox/phones first.");
}
