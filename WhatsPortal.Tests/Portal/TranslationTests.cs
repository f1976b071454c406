using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Components;
using WhatsPortal.Web.Resources;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Tests.Portal;

/// <summary>
/// The portal's words are keyed by their English text in Resources/PortalText.resx; these tests find the ones
/// PortalText.pt-BR.resx lacks, and check the compiled resources are the ones a reader gets.
/// </summary>
public sealed partial class TranslationTests
{
    private static readonly Dictionary<string, string> English = Entries("PortalText.resx");
    private static readonly Dictionary<string, string> PortugueseBrazil = Entries("PortalText.pt-BR.resx");

    /// <summary>The MudBlazor components the portal uses; every text MudBlazor shows in them has its pt-BR entry.</summary>
    private static readonly string[] MudComponents =
    [
        "MudDataGrid", "MudDataGridPager", "MudTable", "MudTablePager", "MudPagination", "MudDialog", "MudFileUpload",
        "MudBaseDatePicker", "MudDateRangePicker", "MudTimePicker", "MudInput", "MudFormComponent", "MudSnackbar", "MudAlert",
        "MudSelect", "MudBreadcrumbs", "MudNavGroup", "MudChip",
    ];

    [Fact]
    public void Every_phrase_the_portal_shows_has_a_Brazilian_Portuguese_translation()
    {
        var phrases = PhrasesIn("WhatsPortal.Web", Phrase());
        Assert.True(phrases.Count > 150, $"Only {phrases.Count} phrases found: has the way the portal translates changed?");
        AssertTranslated(phrases);
    }

    [Fact]
    public void Every_refusal_of_the_engine_the_webhook_guard_or_a_command_the_portal_shows_has_a_Brazilian_Portuguese_translation()
    {
        var refusals = PhrasesIn("WhatsPortal.Engine", Refusal()).Concat(PhrasesIn("WhatsPortal.Web/Integration", Refusal()))
            .Concat(PhrasesIn("WhatsPortal.Web/Commands", Refusal())).ToList();
        Assert.True(refusals.Count > 15, $"Only {refusals.Count} refusals found: has the way the engine or the guard refuses changed?");
        AssertTranslated(refusals);
    }

    [Fact]
    public void Every_status_level_type_and_key_scope_the_portal_shows_has_its_API_name_in_English_and_a_Brazilian_Portuguese_name()
    {
        var keys = new[] { typeof(InstanceStatus), typeof(NodeStatus), typeof(MessageStatus), typeof(MessageType), typeof(WebhookDeliveryStatus), typeof(WebhookTarget), typeof(InstanceEventLevel) }
            .SelectMany(type => Enum.GetNames(type).Select(name => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name))
                .Select(name => (Key: PortalTextExtensions.EnumKey(type, name), ApiName: name)))
            .Concat(WhatsPortalClaims.ScopeNames.Select(s => (Key: PortalTextExtensions.EnumKey(typeof(ApiKeyScopes), s.Name), ApiName: s.Name)))
            .ToList();
        var wrong = keys.Where(k => English.GetValueOrDefault(k.Key) != k.ApiName).Select(k => $"English {k.Key} is not {k.ApiName}")
            .Concat(keys.Where(k => !PortugueseBrazil.ContainsKey(k.Key)).Select(k => $"No pt-BR name for {k.Key}"))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Both_languages_have_the_same_entries_and_Portuguese_adds_only_MudBlazors_own_texts()
    {
        var mudBlazorKeys = MudBlazorTexts().Keys.ToHashSet();
        var untranslated = English.Keys.Where(key => !PortugueseBrazil.ContainsKey(key)).Select(key => "No pt-BR entry for: " + key);
        var orphans = PortugueseBrazil.Keys.Where(key => !English.ContainsKey(key) && !mudBlazorKeys.Contains(key)).Select(key => "Not in PortalText.resx nor MudBlazor's: " + key);
        var missing = untranslated.Concat(orphans).ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_text_MudBlazor_shows_in_the_components_the_portal_uses_has_a_Brazilian_Portuguese_translation()
    {
        var claimed = MudBlazorTexts().Keys.Where(key => MudComponents.Contains(key[..key.IndexOf('_')])).ToList();
        Assert.True(claimed.Count > 80, $"Only {claimed.Count} MudBlazor texts found: has MudBlazor renamed its resources?");
        var missing = claimed.Where(key => !PortugueseBrazil.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "No pt-BR translation for MudBlazor's:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void MudBlazor_reads_Portuguese_from_our_resources_and_its_own_English_otherwise()
    {
        var mud = new PortalMudLocalizer(Localizer());
        using (new UiCulture("pt-BR"))
            Assert.Equal("Linhas por página:", mud["MudDataGridPager_RowsPerPage"].Value);
        using (new UiCulture("en"))
            Assert.True(mud["MudDataGridPager_RowsPerPage"].ResourceNotFound, "English must be left to MudBlazor's built-in text");
    }

    [Fact]
    public async Task A_status_badge_reads_in_Portuguese_and_keeps_the_API_name_for_scripts()
    {
        using var _ = new UiCulture("pt-BR");
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLocalization();
        context.Services.AddMudServices();
        var badge = context.Render<StatusBadge>(p => p.Add(b => b.Status, InstanceStatus.Qr)).Find("[data-status]");
        Assert.Equal("aguardando QR", badge.TextContent.Trim());
        Assert.Equal("qr", badge.GetAttribute("data-status"));
    }

    [Fact]
    public void Values_in_a_sentence_follow_the_readers_culture()
    {
        using var _ = new UiCulture("pt-BR");
        Assert.Equal("É possível enviar arquivos de até 1,5 MB.", Localizer()["Files up to {0} MB can be sent.", 1.5].Value);
    }

    [Fact]
    public void Every_Identity_error_is_in_Portuguese_for_a_Brazilian_reader_and_in_Identitys_English_otherwise()
    {
        var describer = new LocalizedIdentityErrorDescriber(Localizer());
        var english = new IdentityErrorDescriber();
        var overrides = typeof(LocalizedIdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        Assert.True(overrides.Length > 20, $"Only {overrides.Length} Identity errors described");
        foreach (var method in overrides)
        {
            object?[] arguments = [.. method.GetParameters().Select(p => p.ParameterType == typeof(int) ? 12 : (object)"ana@example.com")];
            var expected = (IdentityError)method.GetBaseDefinition().Invoke(english, arguments)!;
            using (new UiCulture("en"))
                Assert.Equal(expected.Description, ((IdentityError)method.Invoke(describer, arguments)!).Description);
            using (new UiCulture("pt-BR"))
            {
                var error = (IdentityError)method.Invoke(describer, arguments)!;
                Assert.Equal(expected.Code, error.Code);
                Assert.True(error.Description != expected.Description, $"{method.Name} is not in Portuguese: {error.Description}");
            }
        }
        using (new UiCulture("pt-BR"))
            Assert.Equal("A senha deve ter pelo menos 12 caracteres.", describer.PasswordTooShort(12).Description);
    }

    /// <summary>The localizer the portal gets, over the compiled resources (the pt-BR satellite assembly included).</summary>
    private static StringLocalizer<PortalText> Localizer() =>
        new(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static Dictionary<string, string> Entries(string file) =>
        XDocument.Load(Path.Combine(Repository.Root, "WhatsPortal.Web", "Resources", file)).Root!.Elements("data")
            .ToDictionary(data => (string)data.Attribute("name")!, data => (string)data.Element("value")!);

    private static Dictionary<string, string> MudBlazorTexts() =>
        new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudLocalizer).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => entry.Value as string ?? "");

    private static List<(string File, string Key)> PhrasesIn(string folder, Regex phrase)
    {
        var root = Path.Combine(Repository.Root, folder);
        return Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".razor", StringComparison.Ordinal) || file.EndsWith(".cs", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => phrase.Matches(File.ReadAllText(file))
                .Select(m => (File: Path.GetRelativePath(root, file), Key: m.Groups["key"].Value.Replace("\\\"", "\""))))
            .ToList();
    }

    private static void AssertTranslated(IEnumerable<(string File, string Key)> phrases)
    {
        var missing = phrases.Where(p => !PortugueseBrazil.ContainsKey(p.Key) || !English.ContainsKey(p.Key))
            .Select(p => $"{p.File}: {p.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "No entry in PortalText.resx and PortalText.pt-BR.resx for:\n" + string.Join("\n", missing));
    }

    /// <summary>What the portal looks up: L["..."] (also L["...", values]) and validation ErrorMessage = "...".</summary>
    [GeneratedRegex(@"(?:\bL\[|\bErrorMessage = )""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Phrase();

    /// <summary>The engine's refusals and the webhook guard's, which the portal shows translated.</summary>
    [GeneratedRegex(@"new (?:InstanceStateException|InvalidOutboundMessageException|Sentence)\((?:[\w.]+, )?""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Refusal();

    /// <summary>The reader's language for one test: request localization sets it per request; a test sets it by hand.</summary>
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _beforeFormats = CultureInfo.CurrentCulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(name);

        public void Dispose() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (_before, _beforeFormats);
    }
}
