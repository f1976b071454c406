namespace WhatsPortal.Simulator.Network;

public enum NetworkErrorKind { NotFound, Conflict, Invalid }

/// <summary>A refused network operation; the control API maps the kind to 404/409/400, the page rejects with the message.</summary>
public sealed class NetworkException(NetworkErrorKind kind, string message) : Exception(message)
{
    public NetworkErrorKind Kind { get; } = kind;

    /// <summary>The code wa-js gives the same refusal (a WPPError's <c>code</c>), when the page must reject with it.</summary>
    public string? Code { get; init; }

    public static NetworkException NoSuchPhone(string number) =>
        new(NetworkErrorKind.NotFound, $"There is no sandbox phone {number}; create it with POST /sandbox/phones first.");
}
