using MudBlazor;

namespace WhatsPortal.Web.Components.Layout;

/// <summary>The portal's colours: WhatsApp's green as primary, in light and dark.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#128C7E",
            Secondary = "#546E7A",
            Success = "#25D366",
            AppbarBackground = "#075E54",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#25D366",
            Secondary = "#90A4AE",
            Success = "#25D366",
            AppbarBackground = "#1F2C34",
        },
    };
}
