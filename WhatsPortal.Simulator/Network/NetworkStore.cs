using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Keeps the network in <see cref="SimulatorOptions.DataDirectory"/>, when there is one: <c>network.json</c> holds
/// phones (with their blocklists), linked devices and histories, <c>media/</c> each message's media once, <c>pictures/</c>
/// each phone's profile picture once per version. Every file is written to a
/// temporary file, flushed to disk and renamed over the old one, so a crash leaves the previous network or the new
/// one, never half of one. Without a data directory it keeps nothing and the network lives in memory only.
/// </summary>
public sealed partial class NetworkStore(IOptions<SimulatorOptions> options, TimeProvider time, ILogger<NetworkStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A file missing a field or holding null where the network needs a value is refused by name, not restored half-empty.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly string? _directory = string.IsNullOrWhiteSpace(options.Value.DataDirectory) ? null : Path.GetFullPath(options.Value.DataDirectory);
    private readonly Lock _saveGate = new();
    private readonly HashSet<string> _mediaKept = new(StringComparer.Ordinal);
    private readonly HashSet<string> _picturesKept = new(StringComparer.Ordinal);
    private long _savedVersion;

    internal bool Keeps => _directory is not null;

    private string NetworkFile => Path.Combine(_directory!, "network.json");

    private string MediaFile(string messageId) => Path.Combine(_directory!, "media", messageId);

    private string PicturesDirectory => Path.Combine(_directory!, "pictures");

    /// <summary>Named by number and version, so the network's file always names a picture that is on disk, the old one or the new.</summary>
    private static string PictureName(StoredPhone phone) => $"{phone.Number}-{phone.PictureVersion}";

    /// <summary>
    /// The network kept by an earlier run, or null to start empty: when nothing is kept yet, or when the file cannot be
    /// restored, in which case it is moved aside (kept for a person to look at) and the log says what is wrong with it.
    /// </summary>
    internal StoredNetwork? Load()
    {
        if (_directory is null) return null;
        Directory.CreateDirectory(Path.Combine(_directory, "media"));
        Directory.CreateDirectory(PicturesDirectory);
        var file = NetworkFile;
        if (!File.Exists(file))
        {
            LogNothingKept(file);
            return null;
        }
        try
        {
            StoredNetwork network;
            using (var stream = File.OpenRead(file))
                network = JsonSerializer.Deserialize<StoredNetwork>(stream, Json) ?? throw new InvalidDataException("it holds null instead of a network");
            if (network.Problem() is { } problem) throw new InvalidDataException(problem);
            network = network with { Phones = network.Phones.Select(WithPictureBytes).ToList(), Messages = network.Messages.Select(WithMediaBytes).ToList() };
            LogRestored(file, network.Phones.Count, network.Phones.Sum(p => p.Devices.Count), network.Messages.Count);
            return network;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            var aside = $"{file}.unreadable-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            try
            {
                File.Move(file, aside);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                // Starting empty over it would overwrite the only copy at the first save.
                throw new InvalidOperationException($"The sandbox network in {file} cannot be restored ({e.Message}) nor moved aside ({move.Message}).", e);
            }
            LogUnreadable(file, e.Message, aside);
            return null;
        }
    }

    /// <summary>
    /// Writes the network, unless a newer one already is: saves run outside the network's lock, so an older snapshot
    /// can come after a newer one. A failed write is logged and the network goes on in memory; the next save writes
    /// everything again.
    /// </summary>
    internal void Save(StoredNetwork network, long version)
    {
        if (_directory is null) return;
        lock (_saveGate)
        {
            if (version <= _savedVersion) return;
            try
            {
                // Media first: the network's file never names media that is not on disk.
                foreach (var message in network.Messages)
                    if (message.Media is { } media && !_mediaKept.Contains(message.Id))
                    {
                        WriteAtomically(MediaFile(message.Id), media.Bytes);
                        _mediaKept.Add(message.Id);
                    }
                var pictures = network.Phones.Where(p => p.Picture is not null).ToDictionary(PictureName, p => p.Picture!.Bytes, StringComparer.Ordinal);
                foreach (var (name, bytes) in pictures)
                    if (!_picturesKept.Contains(name))
                    {
                        WriteAtomically(Path.Combine(PicturesDirectory, name), bytes);
                        _picturesKept.Add(name);
                    }
                WriteAtomically(NetworkFile, JsonSerializer.SerializeToUtf8Bytes(network, Json));
                _savedVersion = version;
                // Only now that the network's file no longer names them: replaced and removed pictures.
                foreach (var stale in _picturesKept.Where(name => !pictures.ContainsKey(name)).ToList())
                {
                    File.Delete(Path.Combine(PicturesDirectory, stale));
                    _picturesKept.Remove(stale);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogSaveFailed(NetworkFile, e.Message);
            }
        }
    }

    private StoredMessage WithMediaBytes(StoredMessage message)
    {
        if (message.Media is null) return message;
        var path = MediaFile(message.Id);
        if (!File.Exists(path))
        {
            LogMediaMissing(message.Id, path);
            return message with { Media = null };
        }
        _mediaKept.Add(message.Id);
        return message with { Media = message.Media with { Bytes = File.ReadAllBytes(path) } };
    }

    private StoredPhone WithPictureBytes(StoredPhone phone)
    {
        if (phone.Picture is null) return phone;
        var path = Path.Combine(PicturesDirectory, PictureName(phone));
        if (!File.Exists(path))
        {
            LogPictureMissing(phone.Number, path);
            return phone with { Picture = null };
        }
        _picturesKept.Add(PictureName(phone));
        return phone with { Picture = phone.Picture with { Bytes = File.ReadAllBytes(path) } };
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(LogLevel.Information, "No sandbox network is kept in {File} yet; the network starts empty and is kept there from now on")]
    private partial void LogNothingKept(string file);

    [LoggerMessage(LogLevel.Information, "Sandbox network restored from {File}: {Phones} phone(s), {Devices} linked device(s), {Messages} message(s)")]
    private partial void LogRestored(string file, int phones, int devices, int messages);

    [LoggerMessage(LogLevel.Error, "The sandbox network in {File} cannot be restored: {Problem}. The file was moved to {Aside} and the network starts empty; " +
        "every instance linked to a sandbox phone will show a new QR")]
    private partial void LogUnreadable(string file, string problem, string aside);

    [LoggerMessage(LogLevel.Warning, "The media of sandbox message {MessageId} is missing ({Path}); the message is restored without it")]
    private partial void LogMediaMissing(string messageId, string path);

    [LoggerMessage(LogLevel.Warning, "The profile picture of sandbox phone {Number} is missing ({Path}); the phone is restored without it")]
    private partial void LogPictureMissing(string number, string path);

    [LoggerMessage(LogLevel.Error, "Could not keep the sandbox network in {File}: {Problem}. The change lives in memory only until a later save succeeds")]
    private partial void LogSaveFailed(string file, string problem);
}
