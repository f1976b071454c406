using System.Security.Cryptography;
using System.Text;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// API keys look like <c>wpk_</c> + 43 base64url characters (256 random bits). Only the SHA-256 hash is
/// stored: the key has full entropy, so a slow password hash would add nothing but latency.
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "wpk_";
    private const int SecretBytes = 32;
    private const int SecretChars = 43;

    public static string NewKey() => Marker + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static bool IsWellFormed(string key) =>
        key.Length == Marker.Length + SecretChars
        && key.StartsWith(Marker, StringComparison.Ordinal)
        && key.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlAlphabet) == false;

    public static string Prefix(string key) => key[..ApiKey.PrefixLength];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
