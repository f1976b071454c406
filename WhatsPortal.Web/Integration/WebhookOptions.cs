using System.ComponentModel.DataAnnotations;

namespace WhatsPortal.Web.Integration;

/// <summary><c>Webhooks:*</c>: how hard and where the outbox may deliver.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts before a delivery ends failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failed attempt; doubles with each further one (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox looks for due deliveries (new events wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Host names or IP addresses that may be delivered to although they are private, loopback or
    /// link-local (SSRF protection refuses those by default), e.g. an internal CRM.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
