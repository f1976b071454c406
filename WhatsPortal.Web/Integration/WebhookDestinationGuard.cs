using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Integration;

/// <summary>A webhook destination refused by SSRF protection; never retried.</summary>
public sealed class WebhookDestinationRefusedException(string message) : Exception(message);

/// <summary>
/// SSRF protection for webhooks: a tenant must not make WhatsPortal call into the operator's own network.
/// Addresses are checked where the connection is made (after DNS), so a name that resolves to a private
/// address, or changes its answer between check and use, is still refused. <c>Webhooks:AllowedHosts</c> opts hosts in.
/// </summary>
public sealed class WebhookDestinationGuard(IOptionsMonitor<WebhookOptions> options)
{
    /// <summary>
    /// What is wrong with a URL offered as a webhook, or null when it may be registered. A name is resolved too, so one
    /// that points into a private network is refused when saved, not only at each delivery; a name that does not resolve
    /// (yet) is accepted: deliveries check again where they connect.
    /// </summary>
    public async Task<Sentence?> ProblemWithAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return new Sentence("A webhook URL must be an absolute http or https URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return new Sentence("A webhook URL cannot carry credentials; use the signature to authenticate deliveries.");
        if (IsAllowedHost(uri.Host)) return null;
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host, out var literal) && !IsPublic(literal)))
            return new Sentence("'{0}' is a private, loopback or link-local address; the operator must list it in Webhooks:AllowedHosts.", uri.Host);
        if (literal is not null) return null;
        IPAddress[] addresses;
        try { addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct); }
        catch (SocketException) { return null; }
        return addresses.Length > 0 && !addresses.Any(IsPublic)
            ? new Sentence("'{0}' resolves to {1}, a private, loopback or link-local address; the operator must list it in Webhooks:AllowedHosts.", uri.Host, string.Join(", ", addresses.Select(a => a.ToString())))
            : null;
    }

    public bool IsAllowedHost(string host) =>
        options.CurrentValue.AllowedHosts.Any(allowed => string.Equals(allowed.Trim().Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    /// <summary>The HTTP handler's connect step: resolve, refuse non-public addresses, connect to the first acceptable one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = IsAllowedHost(host);
        var acceptable = addresses.Where(a => allowed || IsPublic(a)).ToList();
        if (acceptable.Count == 0)
            throw new WebhookDestinationRefusedException(
                $"Refused to deliver to {host} ({string.Join(", ", addresses.Select(a => a.ToString()))}): not a public address. List the host in Webhooks:AllowedHosts to allow it.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(acceptable.ToArray(), context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (bytes[0] & 0xFE) == 0xFC); // fc00::/7 unique local
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224            // this network, private, loopback, multicast and reserved
            || (b[0] == 100 && (b[1] & 0xC0) == 64)                                  // 100.64.0.0/10 carrier-grade NAT
            || (b[0] == 169 && b[1] == 254)                                          // link-local, cloud metadata
            || (b[0] == 172 && (b[1] & 0xF0) == 16)                                  // 172.16.0.0/12
            || (b[0] == 192 && b[1] == 168)                                          // 192.168.0.0/16
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)                               // 192.0.0.0/24 protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)                               // 192.0.2.0/24 documentation (TEST-NET-1)
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)                            // 198.51.100.0/24 documentation (TEST-NET-2)
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)                             // 203.0.113.0/24 documentation (TEST-NET-3)
            || (b[0] == 198 && (b[1] & 0xFE) == 18));                                // 198.18.0.0/15 benchmarking
    }
}
