using System.Net;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Integration;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Portal;

/// <summary>The instance page's webhook settings and delivery log, as an owner uses them.</summary>
public sealed class WebhookPortalTests
{
    [Fact]
    public async Task An_owner_sets_a_webhook_sees_its_deliveries_and_redelivers_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var portal = new IntegrationPortal();
        var (tenantId, email) = await PortalUsers.CreateOwnerAsync(portal);
        Guid instanceId;
        await using (var db = portal.AcrossTenants())
        {
            var instance = new Instance { TenantId = tenantId, Name = "hooked" };
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
            instanceId = instance.Id;
        }
        using var owner = await PortalUsers.LogInAsync(portal, email);
        var path = $"/instances/{instanceId}";

        var refused = await PortalUsers.SubmitAsync(owner, await PortalUsers.GetPageAsync(owner, path), "#settings", path,
            new Dictionary<string, string> { ["Settings.WebhookUrl"] = "http://169.254.169.254/latest" });
        Assert.Contains("Webhooks:AllowedHosts", (await LoginPage.ParseAsync(refused)).QuerySelector("#settings-error")!.TextContent);

        var saved = await PortalUsers.SubmitAsync(owner, await PortalUsers.GetPageAsync(owner, path), "#settings", path,
            new Dictionary<string, string> { ["Settings.WebhookUrl"] = receiver.Url.ToString() });
        var secret = (await LoginPage.ParseAsync(saved)).QuerySelector("#webhook-secret")!.TextContent;
        Assert.StartsWith("whsec_", secret);

        receiver.AnswerNext(400);
        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
        await Eventually.TrueAsync(async () =>
            (await PortalUsers.GetPageAsync(owner, path)).QuerySelector("#webhook-deliveries tr[data-delivery] .badge")?.TextContent == "failed",
            "the refused delivery shows as failed");

        var page = await PortalUsers.GetPageAsync(owner, path);
        var redelivered = await PortalUsers.SubmitAsync(owner, page, "#webhook-deliveries form", path);
        Assert.Equal(HttpStatusCode.Redirect, redelivered.StatusCode);
        Assert.StartsWith(path, redelivered.Headers.Location!.OriginalString);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => r.AnsweredWith == 200)), "the redelivery arrives");
        var signed = receiver.Requests.Last();
        Assert.Equal(WhatsPortal.Web.Integration.WebhookSigner.Sign(secret, long.Parse(signed.Headers["X-WhatsPortal-Timestamp"]), signed.Body),
            signed.Headers["X-WhatsPortal-Signature"]);
    }
}
