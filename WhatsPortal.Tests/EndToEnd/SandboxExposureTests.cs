using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>The sandbox shows every tenant's waiting QR codes to anyone: it says so on its pages, and loudly at start-up outside Development.</summary>
public sealed class SandboxExposureTests
{
    [Fact]
    public async Task Outside_development_an_enabled_sandbox_is_a_warning_at_start_up()
    {
        await using var portal = new SandboxPortal("Production");
        _ = portal.Server;
        var warning = Assert.Single(portal.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("SANDBOX ENABLED"));
        Assert.Contains("Production", warning.Message);
        Assert.Contains("every tenant's waiting QR codes", warning.Message);
    }

    [Fact]
    public async Task In_development_the_sandbox_starts_quietly()
    {
        await using var portal = new SandboxPortal("Development");
        _ = portal.Server;
        Assert.DoesNotContain(portal.Logs.GetSnapshot(), r => r.Message.Contains("SANDBOX ENABLED"));
    }

    [Fact]
    public async Task The_phone_page_and_the_simulated_whatsapp_web_say_they_are_a_simulator()
    {
        await using var portal = new SandboxPortal("Development");
        using var client = portal.CreateClient();
        foreach (var path in new[] { "/sandbox/phone", "/sandbox/web/" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains("class=\"simulator-banner\" role=\"note\">Simulator: nothing here is WhatsApp", html);
        }
    }

    private sealed class SandboxPortal(string environment) : PortalFactory
    {
        public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Sandbox:Enabled", "true")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.ConfigureLogging(logging => logging.AddFakeLogging());
        }
    }
}
