using WhatsPortal.Web.Commands;
using Xunit;

namespace WhatsPortal.Tests.Templates;

public sealed class TemplateTextTests
{
    [Fact]
    public void Variables_are_the_names_the_text_reads_in_order()
    {
        Assert.True(TemplateText.TryParse("Olá {{name}}, seu pedido {{order}} saiu. {{name}}{{#if vip}} Desconto {{discount}}{{/if}}", out var text, out _));
        Assert.Equal(["name", "order", "vip", "discount"], text.Variables);
    }

    [Fact]
    public void Renders_without_html_escaping()
    {
        Assert.True(TemplateText.TryParse("Oi {{name}}: {{total}}", out var text, out _));
        Assert.Equal("Oi <Ana & Bia>: R$ 10", text.Render(new Dictionary<string, string> { ["name"] = "<Ana & Bia>", ["total"] = "R$ 10" }));
    }

    [Fact]
    public void Missing_variables_are_named()
    {
        Assert.True(TemplateText.TryParse("{{a}} {{b}} {{c}}", out var text, out _));
        Assert.Equal(["a", "c"], text.MissingFrom(new Dictionary<string, string> { ["b"] = "" }));
    }

    [Fact]
    public void A_text_without_variables_needs_none()
    {
        Assert.True(TemplateText.TryParse("Bom dia!", out var text, out _));
        Assert.Empty(text.Variables);
        Assert.Equal("Bom dia!", text.Render(new Dictionary<string, string>()));
    }

    [Fact]
    public void An_unclosed_block_is_refused_with_the_parser_reason()
    {
        Assert.False(TemplateText.TryParse("{{#if vip}}Oi", out _, out var error));
        Assert.StartsWith("The text is not a valid template:", error.Text);
    }
}
