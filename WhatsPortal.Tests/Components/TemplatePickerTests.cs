using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace WhatsPortal.Tests.Components;

/// <summary>The composer's template picker: it asks for the variables and sends through the shared send command.</summary>
public sealed class TemplatePickerTests
{
    [Fact]
    public async Task A_picked_template_is_sent_with_the_variables_given_and_a_missing_one_is_named()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var thread = await ChatSeed.ThreadAsync(portal);
        var templateId = await TemplatesPageTests.SeedAsync(portal, thread.TenantId, "pedido", "Olá {{nome}}, pedido {{numero}} saiu.");
        var dialogs = portal.Context.Render<MudDialogProvider>();
        var page = ChatThreadTests.Render(portal, thread);
        page.WaitForAssertion(() => page.Find("#composer-template"));

        var picking = page.ClickAsync("#composer-template");
        await dialogs.ClickWhenShownAsync($"[data-template-pick='{templateId}']");
        Field(dialogs, "nome").Input("Ana");
        await dialogs.ClickAsync("#template-send");
        await picking;
        // The same sentence the API answers in its 400 (TemplatesApiTests.Sending_a_template_fills...).
        page.WaitForAssertion(() => Assert.Equal("The template needs the variable 'numero'.", page.Find("#send-error").TextContent.Trim()));

        picking = page.ClickAsync("#composer-template");
        await dialogs.ClickWhenShownAsync($"[data-template-pick='{templateId}']");
        Field(dialogs, "nome").Input("Ana");
        Field(dialogs, "numero").Input("42");
        await dialogs.ClickAsync("#template-send");
        await picking;

        page.WaitForAssertion(() => Assert.Contains("Olá Ana, pedido 42 saiu.", page.FindAll(".msg-out .msg-text").Select(m => m.TextContent)));
        await using var db = portal.Contexts.ForTenant(thread.TenantId);
        Assert.Equal("Olá Ana, pedido 42 saiu.", (await db.Messages.SingleAsync(m => m.ChatId == thread.ChatId)).Text);
    }

    /// <summary>The input of a variable's field, wherever Mud put the data attribute (on the input or around it).</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string variable) =>
        dialogs.Find($"[data-variable={variable}]") is { TagName: "INPUT" } input ? input : dialogs.Find($"[data-variable={variable}] input");
}
