using System.Text.Json;

namespace WhatsPortal.Engine.Driver;

/// <summary>What every driver evaluates in the page before whatsapp-bridge.js, which refuses to install without it.</summary>
internal static class WhatsAppBridge
{
    /// <summary>Sets <c>window.__whatsPortalSettings</c>: the largest media file the bridge downloads and hands over.</summary>
    public static string SettingsScript(EngineOptions options) =>
        $"window.__whatsPortalSettings = {JsonSerializer.Serialize(new { maxMediaBytes = options.MaxMediaBytes })};";
}
