using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Inbound;

/// <summary>
/// Reads the name and numbers of the vCards WhatsApp sends (3.0, as WhatsApp Web writes them: <c>FN</c>, and <c>TEL</c>
/// lines whose <c>waid</c> parameter is the WhatsApp number). No vCard library is served on NuGet here, and these two
/// properties are all a card in a chat needs, so this small reader does it; unfolding (RFC 6350 §3.2) is kept so a long
/// name folded over lines still reads whole.
/// </summary>
public static class VCards
{
    public static ContactCard? Read(string vcard)
    {
        string? name = null;
        var numbers = new List<string>();
        var unfolded = vcard.Replace("\r\n", "\n").Replace("\n ", "").Replace("\n\t", "");
        foreach (var line in unfolded.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var parameters = line[..colon].Split(';');
            var value = line[(colon + 1)..].Trim();
            switch (parameters[0].Split('.')[^1].ToUpperInvariant())
            {
                case "FN" when value.Length > 0:
                    name = Unescape(value);
                    break;
                case "TEL":
                    var waid = parameters.Select(p => p.Split('=')).FirstOrDefault(p => p.Length == 2 && p[0].Equals("waid", StringComparison.OrdinalIgnoreCase))?[1];
                    if ((waid ?? new string(value.Where(char.IsAsciiDigit).ToArray())) is { Length: > 0 } digits && !numbers.Contains(digits)) numbers.Add(digits);
                    break;
            }
        }
        return name is null && numbers.Count == 0 ? null : new ContactCard(name ?? "", numbers);
    }

    private static string Unescape(string value) =>
        value.Replace("\\n", " ").Replace("\\N", " ").Replace("\\,", ",").Replace("\\;", ";").Replace("\\\\", "\\");
}
