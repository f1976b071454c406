namespace WhatsPortal.Simulator.Network;

/// <summary>Phone-number rules of the simulated network: what a valid number is and how WhatsApp ids map to numbers.</summary>
public static class PhoneNumbers
{
    public const string UserServer = "c.us";

    /// <summary>A number is digits only, 8 to 15 of them (E.164 without the plus).</summary>
    public static bool IsValid(string? number) =>
        number is { Length: >= 8 and <= 15 } && number.All(char.IsAsciiDigit);

    public static string ToWid(string number) => $"{number}@{UserServer}";

    public const string LidServer = "lid";

    public static string ToLidWid(string lid) => $"{lid}@{LidServer}";

    public const string GroupServer = "g.us";

    public static string ToGroupWid(string id) => $"{id}@{GroupServer}";

    public static bool IsGroup(string? id) => id?.EndsWith("@" + GroupServer, StringComparison.Ordinal) == true;

    public static bool IsLid(string? id) => id?.EndsWith("@" + LidServer, StringComparison.Ordinal) == true;

    /// <summary>Accepts <c>5511...</c>, <c>5511...@c.us</c> or <c>+55 11 ...</c> and returns the digits, or null (also for a LID).</summary>
    public static string? FromId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || IsLid(id) || IsGroup(id)) return null;
        var user = id.Split('@')[0];
        var digits = new string(user.Where(char.IsAsciiDigit).ToArray());
        return IsValid(digits) ? digits : null;
    }

    /// <summary>
    /// Brazilian mobiles gained a ninth digit (a leading 9 after the area code); WhatsApp still registers
    /// many accounts under the old eight-digit form, so a lookup must try the other form too.
    /// </summary>
    public static string? BrazilianNinthDigitVariant(string number)
    {
        if (!number.StartsWith("55", StringComparison.Ordinal)) return null;
        var local = number[4..];
        return number.Length switch
        {
            13 when local[0] == '9' => number[..4] + local[1..],
            12 when local[0] is >= '6' and <= '9' => number[..4] + "9" + local,
            _ => null,
        };
    }
}
