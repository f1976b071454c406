using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;
using WhatsPortal.Web.Cluster;
using WhatsPortal.Web.Components;
using WhatsPortal.Web.Integration;
using WhatsPortal.Web.Services;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>One Add/Use pair for the whole host; each area keeps its own Add/Map pair.</summary>
public static class WhatsPortalHostExtensions
{
    public static WebApplicationBuilder AddWhatsPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The portal's scripts and styles from packages (blazor.web.js, MudBlazor) live beside the build output, not in
        // wwwroot, until the app is published; scripts/run.sh runs the build in Production, where ASP.NET Core would
        // not look there by itself. A published app has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        // With the Data Protection key ring in the database, unencrypted (Data Protection's "No XML encryptor" warning
        // says so): whoever could read it could read every message beside it (docs/architecture.md, Authentication).
        services.AddWhatsPortalData();
        services.AddWhatsPortalAuthentication();
        builder.AddClusterEvents();
        services.AddIntegration();
        services.AddWhatsAppEngine();
        builder.AddWhatsPortalCluster();
        services.AddWhatsPortalRateLimits();
        builder.AddSecurityHeaders();
        builder.AddSandbox();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LegacyKeyFiles>();
        services.AddSingleton<FirstDataProtectionKey>();
        services.AddSingleton<FirstRunSetup>();
        services.AddTenantCommands();
        services.AddChats();
        services.AddInstancePages();
        services.AddInstances();
        services.AddNodes();
        services.AddContacts();
        services.AddGroups();
        services.AddTemplates();
        services.AddProblemDetails();
        services.AddValidation();
        services.AddOpenApi(options => options.AddWhatsPortalExamples());
        services.AddPortal();
        return builder;
    }

    public static async Task<WebApplication> UseWhatsPortalAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<FirstRunSetup>().RunAsync();

        // In Development, minimal APIs throw on bad requests (e.g. a form without its antiforgery token); answer 400 there too, as in production.
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UsePortalCulture();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapIntegration();
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "WhatsPortal API v1");
            ui.RoutePrefix = "api";
        });
        app.MapAdminApi();
        app.MapInstancesApi();
        app.MapChatsApi();
        app.MapInstanceLifecycleApi();
        app.MapMessagesApi();
        app.MapMessageMediaApi();
        app.MapContactsApi();
        app.MapGroupsApi();
        app.MapTemplatesApi();
        app.MapWebhooksApi();
        app.MapSandbox();
        app.MapPortal();
        return app;
    }
}
