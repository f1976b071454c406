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
}
