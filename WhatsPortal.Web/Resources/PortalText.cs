namespace WhatsPortal.Web.Resources;

/// <summary>
/// Names the portal's texts for <c>IStringLocalizer&lt;PortalText&gt;</c>: the localizer looks for the resources named
/// after this type's full name, i.e. PortalText.resx (English) and its satellites (PortalText.pt-BR.resx) beside it.
/// A class rather than a generated designer file because the keys are the English texts, not identifiers.
/// </summary>
public sealed class PortalText;
