using Microsoft.Extensions.Localization;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Resources;

/// <summary>The two kinds of portal text that are not a literal key: a refusal with values, and a status or level.</summary>
public static class PortalTextExtensions
{
    /// <summary>A refusal (wrong state, bad number, webhook URL...) in the reader's language; the API keeps its English text.
    /// Its format is the key, so the translation puts the values where its grammar wants them.</summary>
    public static string Of(this IStringLocalizer<PortalText> text, Sentence refusal) => text[refusal.Format, refusal.Values!];

    /// <summary>
    /// A status or level as people read it, keyed by type (<c>"MessageStatus.read"</c>) because one English word can need
    /// two translations (a message is read, an API key may read). English shows the API's own snake_case name.
    /// </summary>
    public static string Name<TEnum>(this IStringLocalizer<PortalText> text, TEnum value) where TEnum : struct, Enum =>
        text[EnumKey(typeof(TEnum), SnakeCaseEnum<TEnum>.Name(value))];

    /// <summary>Also for the test that checks every shown status has its entry.</summary>
    internal static string EnumKey(Type type, string name) => $"{type.Name}.{name}";
}
