using System.Text.RegularExpressions;

namespace WhatsPortal.Engine.Driver;

/// <summary>
/// The browser the page presents to WhatsApp Web: a desktop Chrome on Linux, the same in the user agent string and in
/// its client hints (<c>navigator.userAgentData</c>, <c>Sec-CH-UA</c>). Headless Chromium names itself
/// "HeadlessChrome" in both, and WhatsApp Web turns headless browsers away.
/// </summary>
internal static partial class DesktopChrome
{
    public static string UserAgent(string majorVersion) =>
        $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{majorVersion}.0.0.0 Safari/537.36";

    /// <summary>The arguments of CDP's <c>Emulation.setUserAgentOverride</c> for <paramref name="userAgent"/>.</summary>
    public static Dictionary<string, object> UserAgentOverride(string userAgent)
    {
        var major = ChromeVersion().Match(userAgent) is { Success: true } match ? match.Groups[1].Value : "0";
        object[] Brands(string version) =>
        [
            new { brand = "Google Chrome", version },
            new { brand = "Chromium", version },
            new { brand = "Not:A-Brand", version = "24" },
        ];
        return new()
        {
            ["userAgent"] = userAgent,
            ["platform"] = "Linux x86_64",
            ["userAgentMetadata"] = new Dictionary<string, object>
            {
                ["brands"] = Brands(major),
                ["fullVersionList"] = Brands($"{major}.0.0.0"),
                ["platform"] = "Linux",
                ["platformVersion"] = "",
                ["architecture"] = "x86",
                ["bitness"] = "64",
                ["model"] = "",
                ["mobile"] = false,
                ["wow64"] = false,
            },
        };
    }

    [GeneratedRegex(@"Chrome/(\d+)")]
    private static partial Regex ChromeVersion();
}
