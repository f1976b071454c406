using System.Security.Cryptography;
using System.Text;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Every delivery carries <c>X-WhatsPortal-Timestamp</c> (unix seconds) and <c>X-WhatsPortal-Signature: v1=&lt;hex&gt;</c>,
/// the HMAC-SHA256 of <c>"{timestamp}.{body}"</c> with the webhook's secret. Signing the timestamp lets
/// receivers refuse replays of an old, validly signed body.
/// </summary>
public static class WebhookSigner
{
    public const string TimestampHeader = "X-WhatsPortal-Timestamp";
    public const string SignatureHeader = "X-WhatsPortal-Signature";
    public const string EventIdHeader = "X-WhatsPortal-Event-Id";
    public const string EventTypeHeader = "X-WhatsPortal-Event";

    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
