using System.Net;
using System.Net.Sockets;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// The whole app with <c>Sandbox:Enabled=true</c> on a real Kestrel socket: it hosts the simulator under /sandbox and its
/// engine drives real Chromium against it.
/// </summary>
internal sealed class SandboxedPortal : PortalFactory
{
    private readonly int _port;

    public SandboxedPortal()
    {
        _port = FreePort();
        Start();
    }

    /// <summary>
    /// "The same" portal again over <paramref name="dataDirectory"/>: on the same <paramref name="port"/> too, since its
    /// pages' credentials live in the browser's storage for that origin, as they would for a person's fixed address.
    /// </summary>
    public SandboxedPortal(string dataDirectory, int port) : base(dataDirectory)
    {
        _port = port;
        Start();
    }

    public Uri Address => new($"http://127.0.0.1:{_port}/");

    /// <summary>A client for the sandbox's control API, the phone's side.</summary>
    public HttpClient SandboxClient() => new() { BaseAddress = new Uri(Address, "sandbox/") };

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Sandbox:Enabled", "true"),
        new("urls", Address.ToString()),
        new("Engine:ChromiumPath", TestChromium.ExecutablePath),
    ];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Start()
    {
        UseKestrel(_port);
        ClientOptions.BaseAddress = Address;
        StartServer();
    }
}
