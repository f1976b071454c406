namespace WhatsPortal.Simulator.Network;

/// <summary>A media attachment; its bytes stay in memory, so the simulator caps their size.</summary>
public sealed record MediaContent(string Type, string Mimetype, string? Filename, byte[] Bytes)
{
    /// <summary>The wa-js message type for a MIME type, used when the sender did not say.</summary>
    public static string TypeFor(string mimetype) => mimetype.Split('/')[0] switch
    {
        "image" => mimetype == "image/webp" ? "sticker" : "image",
        "video" => "video",
        "audio" => "audio",
        _ => "document",
    };

    public static readonly IReadOnlySet<string> KnownTypes =
        new HashSet<string>(["image", "video", "audio", "ptt", "document", "sticker"]);
}
