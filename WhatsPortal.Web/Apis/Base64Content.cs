namespace WhatsPortal.Web.Apis;

internal static class Base64Content
{
    /// <summary>Decodes plain base64 or a <c>data:&lt;mime&gt;;base64,</c> URL.</summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        var comma = text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? text.IndexOf(',') : -1;
        var payload = comma >= 0 ? text[(comma + 1)..] : text;
        bytes = new byte[payload.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(payload, bytes, out var written))
        {
            Array.Resize(ref bytes, written);
            return true;
        }
        bytes = [];
        return false;
    }
}
