using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Portal;

/// <summary>A user's stored language and time zone follow them to any browser, ahead of that browser's own settings.</summary>
public sealed class PreferencesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Zone = "Asia/Tokyo";

    [Fact]
    public async Task Saved_language_and_zone_apply_in_another_session_with_an_english_browser()
    {
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(factory);
        await SeedInstanceAsync(tenantId, new DateTime(2026, 3, 14, 20, 30, 0, DateTimeKind.Utc));
        using (var first = await PortalUsers.LogInAsync(factory, email))
        {
            var saved = await SavePreferencesAsync(first, "pt-BR", Zone);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            // This session's cookie was renewed with the new claims: the next page is already Portuguese.
            var page = await PortalUsers.GetPageAsync(first, saved.Headers.Location!.OriginalString);
            Assert.NotNull(page.QuerySelector("#preferences-saved"));
            Assert.Equal("pt-BR", page.DocumentElement.GetAttribute("lang"));
        }

        using var other = await PortalUsers.LogInAsync(factory, email);
        other.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var dashboard = await PortalUsers.GetPageAsync(other, "/");
        Assert.Equal("Painel", dashboard.QuerySelector("h1")!.TextContent.Trim());
        var time = dashboard.QuerySelector("#instances time")!;
        var utc = DateTime.Parse(time.GetAttribute("datetime")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var inZone = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(Zone));
        Assert.Equal(inZone.ToString("g", new CultureInfo("pt-BR")), time.TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_zone_is_refused_with_a_message_and_nothing_is_saved()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using var browser = await PortalUsers.LogInAsync(factory, email);
        var zones = (await PortalUsers.GetPageAsync(browser, "/Account/Preferences")).QuerySelectorAll("select[name='Input.TimeZone'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal("", zones[0]); // the browser's zone
        Assert.Contains(Zone, zones);
        var refused = await SavePreferencesAsync(browser, "pt-BR", "Mars/Olympus_Mons");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await LoginPage.ParseAsync(refused)).QuerySelector("#preferences-error"));
        var unknownLanguage = await SavePreferencesAsync(browser, "xx-XX", Zone);
        Assert.NotNull((await LoginPage.ParseAsync(unknownLanguage)).QuerySelector("#preferences-error"));

        var user = await FindUserAsync(email);
        Assert.Null(user.Culture);
        Assert.Null(user.TimeZone);
        Assert.Equal("en", (await PortalUsers.GetPageAsync(browser, "/")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_menus_language_switch_stores_the_choice_for_the_signed_in_user()
    {
        var (_, email) = await PortalUsers.CreateOwnerAsync(factory);
        using (var first = await PortalUsers.LogInAsync(factory, email))
        {
            var switched = await PortalUsers.SwitchLanguageAsync(first, "pt-BR");
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }
        Assert.Equal("pt-BR", (await FindUserAsync(email)).Culture);

        using var other = await PortalUsers.LogInAsync(factory, email);
        other.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        Assert.Equal("Painel", (await PortalUsers.GetPageAsync(other, "/")).QuerySelector("h1")!.TextContent.Trim());
    }

    private static async Task<HttpResponseMessage> SavePreferencesAsync(HttpClient browser, string culture, string zone) =>
        await PortalUsers.SubmitAsync(browser, await PortalUsers.GetPageAsync(browser, "/Account/Preferences"), "#preferences", "/Account/Preferences",
            new Dictionary<string, string> { ["Input.Culture"] = culture, ["Input.TimeZone"] = zone });

    private async Task SeedInstanceAsync(Guid tenantId, DateTime lastActivityUtc)
    {
        await using var db = factory.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId);
        db.Instances.Add(new Instance { Name = "sales", LastActivityAt = lastActivityUtc });
        await db.SaveChangesAsync();
    }

    private async Task<AppUser> FindUserAsync(string email)
    {
        await using var db = factory.AcrossTenants();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }
}
