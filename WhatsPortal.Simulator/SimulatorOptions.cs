namespace WhatsPortal.Simulator;

/// <summary>
/// Timings and limits of the simulated network, bound from the configuration section <c>Simulator</c>.
/// The defaults mirror WhatsApp Web; tests shorten the QR timings.
/// </summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>How long the first QR ref lives, in seconds (WhatsApp Web: 60).</summary>
    public double FirstQrRefSeconds { get; set; } = 60;

    /// <summary>How long each further QR ref lives, in seconds (WhatsApp Web: 20).</summary>
    public double QrRefSeconds { get; set; } = 20;

    /// <summary>How many refs a page shows before its QR attempts end (WhatsApp Web: 6).</summary>
    public int QrRefCount { get; set; } = 6;

    /// <summary>Companion devices an account may link (WhatsApp: 4).</summary>
    public int MaxLinkedDevices { get; set; } = 4;

    /// <summary>Largest media file accepted, in bytes; media is kept in memory.</summary>
    public int MaxMediaBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Where the network keeps its phones, linked devices and histories across restarts (the standalone
    /// simulator's <c>--data</c>; a sandboxed portal uses <c>sandbox/</c> in its own data directory). Without it
    /// the network lives in memory only and starts empty each time.
    /// </summary>
    public string? DataDirectory { get; set; }
}
