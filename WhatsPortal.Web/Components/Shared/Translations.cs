using System.Globalization;
using WhatsPortal.Data;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// The portal's words in the reader's language (<see cref="CultureInfo.CurrentUICulture"/>, set by request
/// localization from the user's saved language, the culture cookie or Accept-Language). Keyed by the English text, so a missing
/// translation shows English rather than a key. One small typed dictionary: two languages do not need resx tooling.
/// The Portuguese table is in Translations.PortugueseBrazil.cs.
/// </summary>
public sealed partial class Translations
{
    public string this[string english] => Translate(english);

    /// <summary>
    /// A sentence with values in it: the key is a composite format (<c>"Delete \"{0}\"?"</c>), so the translation
    /// can put the values where its grammar wants them. Numbers and dates in it follow the reader's culture.
    /// </summary>
    public string Format(string english, params object?[] values) =>
        string.Format(CultureInfo.CurrentCulture, Translate(english), values);

    /// <summary>A refusal (wrong state, bad number, webhook URL...) in the reader's language; the API keeps its English text.</summary>
    public string Of(Sentence refusal) => Format(refusal.Format, refusal.Values);

    /// <summary>
    /// A status or level as people read it. English shows the API's own snake_case name; other languages key it by
    /// type too (<c>"MessageStatus.read"</c>), because one English word can need two translations (a message is read,
    /// an API key may read).
    /// </summary>
    public string Name<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = SnakeCaseEnum<TEnum>.Name(value);
        return InPortuguese && PortugueseBrazil.TryGetValue(EnumKey(typeof(TEnum), name), out var text) ? text : name;
    }

    /// <summary>Also for the test that checks every shown status has its translation.</summary>
    internal static string EnumKey(Type type, string name) => $"{type.Name}.{name}";

    /// <summary>Whether the reader's language is Brazilian Portuguese; also for texts made outside components (Identity's errors).</summary>
    public static bool InPortuguese => CultureInfo.CurrentUICulture.Name == "pt-BR";

    private static string Translate(string english) =>
        InPortuguese && PortugueseBrazil.TryGetValue(english, out var text) ? text : english;

    /// <summary>For the test that checks every phrase the portal shows has its translation.</summary>
    internal static bool HasPortuguese(string english) => PortugueseBrazil.ContainsKey(english);
}
