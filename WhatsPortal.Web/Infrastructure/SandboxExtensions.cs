using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Simulator;

namespace WhatsPortal.Web.Infrastructure;

/// <summary><c>Sandbox:*</c>: hosting the WhatsApp simulator inside the portal so anyone can try WhatsPortal without a phone.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public bool Enabled { get; set; }
}

public static class SandboxExtensions
{
    public const string Prefix = "/sandbox";

    /// <summary>The folder of <c>Storage:DataDirectory</c> the sandbox's network is kept in.</summary>
    public const string SandboxDirectory = "sandbox";

    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        if (!IsEnabled(builder.Configuration)) return builder;

        builder.Services.AddWhatsAppSimulator();
        // The sandbox's phones keep their linked devices across restarts, as real ones do, so a restarted portal's
        // instances reconnect without a new QR: the network lives beside the profiles that hold those devices' credentials.
        builder.Services.AddOptions<SimulatorOptions>().PostConfigure<IOptions<StorageOptions>>((simulator, storage) =>
            simulator.DataDirectory ??= Path.Combine(storage.Value.FullDataDirectory, SandboxDirectory));
        // Unless the operator named a WhatsApp Web explicitly, a sandboxed portal drives its own simulated one.
        var explicitUrl = builder.Configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.WhatsAppWebUrl)}"];
        if (string.IsNullOrWhiteSpace(explicitUrl) || explicitUrl.Contains("web.whatsapp.com", StringComparison.OrdinalIgnoreCase))
        {
            var pageUrl = SandboxPageUrl(builder.Configuration["urls"]);
            builder.Services.PostConfigure<EngineOptions>(o => o.WhatsAppWebUrl = pageUrl);
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled) return app;
        var environment = app.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment())
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SandboxExtensions)).LogWarning(
                "SANDBOX ENABLED in {Environment}: anyone who can reach this portal can open {Prefix}, see every tenant's waiting QR codes and link them " +
                "to simulated phones. Set Sandbox:Enabled=false unless this is a throwaway demo.", environment.EnvironmentName, Prefix);
        app.MapWhatsAppSimulator(Prefix);
        // A person who opens the sandbox itself wants its phone page (routing matches "/sandbox/" here too).
        app.MapGet(Prefix, () => TypedResults.Redirect(Prefix + "/phone")).ExcludeFromDescription();
        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>()?.Enabled == true;

    /// <summary>The simulator's page on the portal's own first address; wildcard hosts become loopback.</summary>
    internal static string SandboxPageUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
        var address = first.Replace("://*", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        return address.TrimEnd('/') + Prefix + "/web/";
    }
}
