using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Integration;

/// <summary>The app with webhooks allowed to loopback (where the test receiver listens) and quick retries.</summary>
public sealed class IntegrationPortal : PortalFactory
{
    private readonly IEnumerable<KeyValuePair<string, string?>> _extra;

    public IntegrationPortal() : this([]) { }

    internal IntegrationPortal(IEnumerable<KeyValuePair<string, string?>> extra) => _extra = extra;

    internal IntegrationPortal(string dataDirectory, IEnumerable<KeyValuePair<string, string?>> extra) : base(dataDirectory) => _extra = extra;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Webhooks:AllowedHosts:0", "127.0.0.1"),
        new("Webhooks:RetryBaseDelay", "00:00:00.100"),
        new("Webhooks:RetryMaxDelay", "00:00:00.500"),
        new("Webhooks:PollInterval", "00:00:00.100"),
        .. _extra,
    ];

    /// <summary>A tenant, its key, and an instance whose webhook points at <paramref name="webhookUrl"/>.</summary>
    public async Task<(HttpClient Api, Guid TenantId, Guid InstanceId, string Secret)> InstanceWithWebhookAsync(Uri webhookUrl)
    {
        var (tenantId, key) = await CreateTenantWithKeyAsync();
        var api = ApiClient(key);
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "hooked", webhookUrl = webhookUrl.ToString() });
        created.EnsureSuccessStatusCode();
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        var webhook = (await api.GetFromJsonAsync<WebhooksApi.WebhookResponse>($"/api/v1/instances/{instance.Id}/webhook"))!;
        return (api, tenantId, instance.Id, webhook.Secret!);
    }
}
