using Microsoft.Extensions.Options;
using WhatsPortal.Data;

namespace WhatsPortal.Engine;

/// <summary>Where the engine keeps files under <c>Storage:DataDirectory</c>.</summary>
public sealed class EnginePaths(IOptions<StorageOptions> storage)
{
    public string DataDirectory => storage.Value.FullDataDirectory;

    /// <summary>The instance's Chromium profile: its WhatsApp Web credentials live here, so a restart needs no QR.</summary>
    public string ProfileDirectory(Guid instanceId) => Path.Combine(ProfilesDirectory, instanceId.ToString("N"));

    /// <summary>Where every instance's Chromium profile is.</summary>
    public string ProfilesDirectory => Path.Combine(DataDirectory, "profiles");

    /// <summary>
    /// Stores a message's media file, sent or received, and returns its path relative to the data directory (the
    /// form kept in Message.MediaPath). The file is named by the message; only a plain extension of
    /// <paramref name="fileName"/> is kept, since the name may come from a stranger.
    /// </summary>
    public Task<string> SaveMediaAsync(Guid instanceId, Guid messageId, string? fileName, byte[] content, CancellationToken cancellationToken) =>
        SaveFileAsync(RelativeMediaDirectory(instanceId), messageId, fileName, content, cancellationToken);

    /// <summary>Stores a template's media file as a message's is stored, under media/templates, named by the template.</summary>
    public Task<string> SaveTemplateMediaAsync(Guid templateId, string? fileName, byte[] content, CancellationToken cancellationToken) =>
        SaveFileAsync(Path.Combine("media", "templates"), templateId, fileName, content, cancellationToken);

    /// <summary>Deletes a stored media file by its MediaPath; one already gone, or outside the data directory, is left alone.</summary>
    public void DeleteMedia(string relativePath)
    {
        if (ResolveMediaPath(relativePath) is { } full && File.Exists(full)) File.Delete(full);
    }

    private async Task<string> SaveFileAsync(string relativeDirectory, Guid id, string? fileName, byte[] content, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName ?? "") is { Length: > 1 and <= 10 } ext && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : ".bin";
        var relative = Path.Combine(relativeDirectory, id.ToString("N") + extension);
        var full = ResolveMediaPath(relative)!;
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, content, cancellationToken);
        return relative;
    }

    public string MediaDirectory(Guid instanceId) => Path.Combine(DataDirectory, RelativeMediaDirectory(instanceId));

    private static string RelativeMediaDirectory(Guid instanceId) => Path.Combine("media", instanceId.ToString("N"));

    /// <summary>The full path of a stored MediaPath; null for one that climbs out of the data directory.</summary>
    public string? ResolveMediaPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(DataDirectory, relativePath));
        var root = Path.TrimEndingDirectorySeparator(DataDirectory) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    public void DeleteProfile(Guid instanceId)
    {
        var directory = ProfileDirectory(instanceId);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
