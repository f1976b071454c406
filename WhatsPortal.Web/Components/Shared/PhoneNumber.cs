namespace WhatsPortal.Web.Components.Shared;

/// <summary>A WhatsApp id as people read it: +5511999990000 for 5511999990000@c.us; groups keep their id.</summary>
public static class PhoneNumber
{
    public static string Of(string? whatsAppId) => whatsAppId switch
    {
        null or "" => "—",
        _ when whatsAppId.EndsWith("@c.us", StringComparison.Ordinal) => "+" + whatsAppId[..^"@c.us".Length],
        _ => whatsAppId,
    };

    /// <summary>True for a person WhatsApp names only by a LID (…@lid): their number is not known yet.</summary>
    public static bool IsLidOnly(string? whatsAppId) => whatsAppId?.EndsWith("@lid", StringComparison.Ordinal) == true;
}
