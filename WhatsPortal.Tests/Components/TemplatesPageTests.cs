using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Pages.Templates;

namespace WhatsPortal.Tests.Components;

/// <summary>The Templates page through the component door: the same command as the API, its refusals shown in the dialog.</summary>
public sealed class TemplatesPageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_template_made_in_the_dialog_is_listed_with_its_variables_and_hostile_text_stays_text()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Member);
        await portal.SignInAsync(user);
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = portal.Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => page.Find("#no-templates"));

        var editing = page.ClickAsync("#new-template");
        dialogs.WaitForAssertion(() => dialogs.Find("#template-name"));
        await dialogs.ChangeAsync("#template-name", "boas-vindas");
        await dialogs.ChangeAsync("#template-text", "Olá {{nome}}! " + Hostile);
        await dialogs.ClickAsync("#template-save");
        await editing;

        page.WaitForAssertion(() => Assert.Equal(["nome"], page.FindAll("[data-variable]").Select(v => v.GetAttribute("data-variable"))));
        Assert.Equal("Olá {{nome}}! " + Hostile, page.Find(".template-text").TextContent);
        Assert.Empty(page.FindAll("img[src=x]"));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.Equal("boas-vindas", (await db.MessageTemplates.SingleAsync()).Name);
    }

    [Fact]
    public async Task A_name_taken_and_a_broken_text_are_refused_in_the_dialog_as_the_api_refuses_them()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(user);
        await SeedAsync(portal, tenant.Id, "oi", "Oi!");
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = portal.Context.Render<TemplatesPage>();

        _ = page.ClickAsync("#new-template");
        dialogs.WaitForAssertion(() => dialogs.Find("#template-name"));
        await dialogs.ChangeAsync("#template-name", "oi");
        await dialogs.ChangeAsync("#template-text", "{{#if vip}}Oi");
        await dialogs.ClickAsync("#template-save");
        dialogs.WaitForAssertion(() => Assert.Contains("The text is not a valid template:", dialogs.Markup));

        await dialogs.ChangeAsync("#template-text", "Oi de novo");
        await dialogs.ClickAsync("#template-save");
        // The same sentence the API answers with 409 (TemplatesApiTests.A_duplicate_name_is_a_conflict...).
        dialogs.WaitForAssertion(() => Assert.Contains("A template named \"oi\" already exists.", dialogs.Markup));
        await using var db = portal.Contexts.ForTenant(tenant.Id);
        Assert.Equal(["Oi!"], await db.MessageTemplates.Select(t => t.Text).ToListAsync());
    }

    [Fact]
    public async Task Delete_asks_first_and_another_tenants_templates_are_not_listed()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (other, _) = await portal.CreateTenantUserAsync(Roles.Owner);
        await SeedAsync(portal, other.Id, "deles", "Não é seu");
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Owner);
        await portal.SignInAsync(user);
        var mine = await SeedAsync(portal, tenant.Id, "meu", "Oi {{nome}}");
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = portal.Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => page.Find($"[data-template='{mine}']"));
        Assert.DoesNotContain("deles", page.Markup);

        var deleting = page.ClickAsync($"[data-template='{mine}'] [data-action=delete]");
        await dialogs.ClickWhenShownAsync("#confirm-ok");
        await deleting;

        page.WaitForAssertion(() => page.Find("#no-templates"));
        await using var db = portal.Contexts.AcrossTenants();
        Assert.Equal(["deles"], await db.MessageTemplates.Select(t => t.Name).ToListAsync());
    }

    [Fact]
    public async Task The_operator_who_has_no_tenant_gets_not_found()
    {
        await using var portal = await PortalComponents.CreateAsync();
        await portal.SignInOperatorAsync();
        var notFound = portal.WatchNotFound();

        portal.Context.Render<TemplatesPage>();

        Assert.True(notFound());
    }

    internal static async Task<Guid> SeedAsync(PortalComponents portal, Guid tenantId, string name, string text)
    {
        await using var db = portal.Contexts.ForTenant(tenantId);
        var template = new MessageTemplate { Name = name, Text = text };
        db.MessageTemplates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }
}
