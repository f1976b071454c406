using Microsoft.Extensions.Localization;
using MudBlazor;

namespace WhatsPortal.Web.Resources;

/// <summary>
/// MudBlazor's own texts (pager, data grid filters, dialog close, file upload, pickers) from our resources, keyed by
/// MudBlazor's names (<c>MudDataGridPager_RowsPerPage</c>). Only PortalText.pt-BR.resx holds them: in English the entry
/// is not found, and MudBlazor shows its built-in English.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<PortalText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];
}
