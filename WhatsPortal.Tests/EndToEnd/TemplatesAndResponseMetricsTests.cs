using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// A customer writes from a sandbox phone, the business answers with a template through the API, and /metrics shows
/// the conversation open and then answered: the engine in real Chromium and the simulator over real sockets.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TemplatesAndResponseMetricsTests
{
    private const string InstanceNumber = "5511900000001";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task An_inbound_message_answered_with_a_template_moves_the_response_metrics()
    {
        await using var world = await LinkedWorld.StartAsync("support", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        Assert.Null(Sample(await api.GetStringAsync("/metrics"), "whatsportal_instance_conversations", world.TenantId, instance.Id));

        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Meu pedido já saiu?");
        await Eventually.TrueAsync(async () => Sample(await api.GetStringAsync("/metrics"), "whatsportal_instance_conversations", world.TenantId, instance.Id) == 1,
            "the inbound message opens a conversation");
        var open = await api.GetStringAsync("/metrics");
        Assert.Equal(0, Sample(open, "whatsportal_instance_answered_share", world.TenantId, instance.Id));
        Assert.Null(Sample(open, "whatsportal_instance_first_reply_median", world.TenantId, instance.Id));

        var created = await api.PostAsJsonAsync("/api/v1/templates", new { name = "pedido-saiu", text = "Olá {{nome}}! Seu pedido {{pedido}} saiu para entrega." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = (await created.Content.ReadFromJsonAsync<TemplatesApi.TemplateResponse>())!;
        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages",
            new { to = Customer, templateId = template.Id, variables = new { nome = "Ana", pedido = "42" } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Olá Ana! Seu pedido 42 saiu para entrega.", "the phone receives the filled-in template");
        // The exporter serves a scrape from its cache for a moment, so the answer shows in a later scrape.
        var answered = "";
        await Eventually.TrueAsync(async () =>
        {
            answered = await api.GetStringAsync("/metrics");
            return Sample(answered, "whatsportal_instance_answered_share", world.TenantId, instance.Id) == 1;
        }, "the reply answers the conversation");
        Assert.Equal(1, Sample(answered, "whatsportal_instance_conversations", world.TenantId, instance.Id));
        Assert.Equal(1, Sample(answered, "whatsportal_instance_answered_share", world.TenantId, instance.Id));
        Assert.Equal(1, Sample(answered, "whatsportal_tenant_answered_share", world.TenantId));
        Assert.True(Sample(answered, "whatsportal_instance_first_reply_median", world.TenantId, instance.Id) > 0);
    }

    /// <summary>The value of <paramref name="name"/>'s sample for the tenant (and instance), null while it has none.</summary>
    private static double? Sample(string exposition, string name, Guid tenant, Guid? instance = null) =>
        exposition.Split('\n').Where(line => Regex.IsMatch(line, $"^{name}(_[a-z]+)?{{"))
            .Where(line => line.Contains($"tenant=\"{tenant}\"") && (instance is null ? !line.Contains("instance=") : line.Contains($"instance=\"{instance}\"")))
            .Select(line => (double?)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture)).SingleOrDefault();
}
