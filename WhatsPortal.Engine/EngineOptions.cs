using System.ComponentModel.DataAnnotations;

namespace WhatsPortal.Engine;

/// <summary><c>Engine:*</c> configuration.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Chromium to launch; when empty, <c>CHROMIUM_PATH</c>, then the Debian locations are tried.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>The page to open: real WhatsApp Web, or the simulator's page (e.g. http://127.0.0.1:5000/sandbox/web/).</summary>
    [Required, Url]
    public string WhatsAppWebUrl { get; set; } = "https://web.whatsapp.com";

    /// <summary>How many instances may run at once on this node (each is a Chromium).</summary>
    [Range(1, 10_000)]
    public int MaxInstances { get; set; } = 20;

    /// <summary>Desktop user agent to present; empty derives one from the installed Chromium's version.</summary>
    public string? UserAgent { get; set; }

    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long WPP may take to answer a health probe, or any other read of the page, before the page is considered hung.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the page may take to load and make <c>WPP.isReady</c> true.</summary>
    public TimeSpan PageReadyTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long an authenticated page may take to become main-ready (history sync can be slow).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How often a connected instance's session state is copied to the database (only when it changed), besides after a
    /// link and on a graceful stop: what a node taking the instance over after a crash restores.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionSnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pacing given to instances created through <see cref="IWhatsAppEngine.NewInstance"/>.</summary>
    [Range(0, 3_600_000)]
    public int DefaultSendIntervalMs { get; set; } = 1000;

    [Range(0, 3_600_000)]
    public int DefaultSendJitterMs { get; set; } = 1000;

    /// <summary>How often a message is tried before it ends failed.</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 3;

    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the engine looks, in one query for all its instances, for rows queued by another process (enqueues through the engine wake their sender at once).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node's lease on a running instance lasts without renewal (renewed every third of it). A node that
    /// stops renewing (dead, suspended, cut off from the database) loses its instances to other nodes after this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many recent chats, and messages per chat, are imported after connecting.</summary>
    [Range(0, 1000)]
    public int ImportChatCount { get; set; } = 20;

    [Range(0, 1000)]
    public int ImportMessageCount { get; set; } = 20;

    /// <summary>
    /// Pause between two number checks of one instance, plus random jitter: WhatsApp bans numbers that check many
    /// numbers in a burst (evolution-api#2228). 0 turns pacing off (tests only).
    /// </summary>
    [Range(0, 3_600_000)]
    public int NumberCheckIntervalMs { get; set; } = 1000;

    [Range(0, 3_600_000)]
    public int NumberCheckJitterMs { get; set; } = 1000;

    /// <summary>How long WhatsApp's answer about a number is reused before asking again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan NumberCheckCacheLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many numbers one check may carry; with pacing, the request's time grows with it.</summary>
    [Range(1, 1000)]
    public int MaxNumbersPerCheck { get; set; } = 50;

    /// <summary>WhatsApp's own limit for images and videos; the API's request size and the portal's composer follow <see cref="MaxMediaBytes"/>.</summary>
    public const long DefaultMaxMediaBytes = 16L * 1024 * 1024;

    /// <summary>Largest media file accepted for sending (by the API and the portal alike) and kept when received.</summary>
    public long MaxMediaBytes { get; set; } = DefaultMaxMediaBytes;

    /// <summary>How long a QR stays valid as shown to users: WhatsApp rotates the first after 60 s, later ones after 20 s.</summary>
    public TimeSpan FirstQrLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan NextQrLifetime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Real WhatsApp Web needs wa-js injected; the simulator's page provides WPP itself.</summary>
    internal bool InjectWaJs => Uri.TryCreate(WhatsAppWebUrl, UriKind.Absolute, out var uri)
        && uri.Host.Equals("web.whatsapp.com", StringComparison.OrdinalIgnoreCase);
}
