using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace WhatsPortal.Web.Components.Layout;

/// <summary>
/// The dark palette's CSS variables, applied only while the browser prefers a dark scheme: for a static page, which
/// cannot ask the browser as the circuit does, when no stored choice is known (nobody signed in, or nothing chosen).
/// MudBlazor writes the variables (its own <see cref="MudThemeProvider.GenerateTheme"/>); this only wraps them in the
/// media query. Place it after the light <see cref="MudThemeProvider"/>, whose variables it overrides.
/// </summary>
public sealed class SystemDarkTheme : MudThemeProvider
{
    public SystemDarkTheme() => IsDarkMode = true;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var variables = new StringBuilder();
        GenerateTheme(variables);
        // Generated from the theme's palette, never from user content.
        builder.AddMarkupContent(0, $"<style class=\"system-dark-theme\">@media (prefers-color-scheme: dark) {{ {GetTheme().PseudoCss.Scope} {{\n{variables}}} }}</style>");
    }
}
