using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WhatsPortal.Data;

/// <summary>The snake_case name of each enum value (LoggedOut ↔ logged_out): the one spelling used in storage, API and logs.</summary>
public static class SnakeCaseEnum<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Names =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
    private static readonly FrozenDictionary<string, T> Values =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    public static string Name(T value) => Names[value];

    public static bool TryParse(string? name, out T value) => Values.TryGetValue(name ?? "", out value);

    public static T Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(T).Name}.");

    internal static readonly ValueConverter<T, string> Converter = new(v => Name(v), s => Parse(s));
}
