using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Components;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Tests.Portal;

/// <summary>The portal's words are keyed by their English text; these tests find the ones the pt-BR table lacks.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Every_phrase_the_portal_shows_has_a_Brazilian_Portuguese_translation()
    {
        var phrases = PhrasesIn("WhatsPortal.Web/Components", Phrase());
        Assert.True(phrases.Count > 150, $"Only {phrases.Count} phrases found: has the way the portal translates changed?");
        AssertTranslated(phrases);
    }

    [Fact]
    public void Every_refusal_of_the_engine_or_the_webhook_guard_the_portal_shows_has_a_Brazilian_Portuguese_translation()
    {
        var refusals = PhrasesIn("WhatsPortal.Engine", Refusal()).Concat(PhrasesIn("WhatsPortal.Web/Integration", Refusal())).ToList();
        Assert.True(refusals.Count > 15, $"Only {refusals.Count} refusals found: has the way the engine or the guard refuses changed?");
        AssertTranslated(refusals);
    }

    [Fact]
    public void Every_status_level_and_type_the_portal_shows_has_a_Brazilian_Portuguese_name()
    {
        var missing = new[] { typeof(InstanceStatus), typeof(MessageStatus), typeof(MessageType), typeof(WebhookDeliveryStatus), typeof(WebhookTarget), typeof(InstanceEventLevel) }
            .SelectMany(type => Enum.GetNames(type).Select(name => Translations.EnumKey(type, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name))))
            .Where(key => !Translations.HasPortuguese(key))
            .ToList();
        Assert.True(missing.Count == 0, "No pt-BR name for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task A_status_badge_reads_in_Portuguese_and_keeps_the_API_name_for_scripts()
    {
        using var _ = new UiCulture("pt-BR");
        var html = await ComponentRenderer.RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = InstanceStatus.Qr });
        var badge = html.QuerySelector("span.status-badge")!;
        Assert.Equal("aguardando QR", badge.TextContent);
        Assert.Equal("qr", badge.GetAttribute("data-status"));
    }

    [Fact]
    public void Identity_errors_are_in_Portuguese_for_a_Brazilian_reader_and_in_English_otherwise()
    {
        var describer = new PortugueseIdentityErrorDescriber();
        using (new UiCulture("pt-BR"))
            Assert.Equal("A senha deve ter pelo menos 12 caracteres.", describer.PasswordTooShort(12).Description);
        using (new UiCulture("en"))
            Assert.Equal(new IdentityErrorDescriber().PasswordTooShort(12).Description, describer.PasswordTooShort(12).Description);
        Assert.Equal(nameof(IdentityErrorDescriber.PasswordTooShort), describer.PasswordTooShort(12).Code);
    }

    private static List<(string File, string Key)> PhrasesIn(string folder, Regex phrase)
    {
        var root = Path.Combine(Repository.Root, folder);
        return Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".razor", StringComparison.Ordinal) || file.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(file => phrase.Matches(File.ReadAllText(file))
                .Select(m => (File: Path.GetRelativePath(root, file), Key: m.Groups["key"].Value.Replace("\\\"", "\""))))
            .ToList();
    }

    private static void AssertTranslated(IEnumerable<(string File, string Key)> phrases)
    {
        var missing = phrases.Where(p => !Translations.HasPortuguese(p.Key)).Select(p => $"{p.File}: {p.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "No pt-BR translation for:\n" + string.Join("\n", missing));
    }

    /// <summary>What the portal looks up: T["..."] (t["..."] in endpoints), T.Format("...", ...) and validation ErrorMessage = "...".</summary>
    [GeneratedRegex(@"(?:\b[Tt]\[|\bT\.Format\(|\bErrorMessage = )""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Phrase();

    /// <summary>The engine's refusals and the webhook guard's, which the portal shows translated.</summary>
    [GeneratedRegex(@"new (?:InstanceStateException|InvalidOutboundMessageException|Sentence)\((?:[\w.]+, )?""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Refusal();

    /// <summary>The reader's language for one test: request localization sets it per request; a test sets it by hand.</summary>
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _before;
    }
}
