namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Profile pictures as WhatsApp serves them: a phone sets one, and a device asking for a contact's picture gets a URL
/// on the network's own picture host (WhatsApp's CDN in real life) that changes whenever the picture is replaced.
/// </summary>
public sealed partial class WhatsAppNetwork
{
    internal static readonly IReadOnlySet<string> PictureTypes = new HashSet<string>(StringComparer.Ordinal) { "image/jpeg", "image/png" };

    /// <summary>The phone's new profile picture, a JPEG or PNG image; null removes it.</summary>
    public void SetPicture(string number, MediaContent? picture)
    {
        if (picture is not null && !PictureTypes.Contains(picture.Mimetype))
            throw new NetworkException(NetworkErrorKind.Invalid, $"A profile picture is a JPEG or PNG image, not {picture.Mimetype}.");
        Change(() =>
        {
            var account = Get(number);
            account.Picture = picture;
            account.PictureVersion++;
        });
    }

    public MediaContent? Picture(string number)
    {
        lock (_gate) return Get(number).Picture;
    }

    /// <summary>
    /// WPP.contact.getProfilePictureUrl: the path of the contact's picture under the sandbox, or null when it has none or
    /// has blocked the asking account (WhatsApp hides a picture from those its owner blocked).
    /// </summary>
    internal string? PicturePath(LinkedDevice device, string id)
    {
        lock (_gate)
        {
            return Resolve(id) is { Picture: not null } contact && !contact.Blocked.Contains(device.Account.Number)
                ? $"phones/{contact.Number}/picture?v={contact.PictureVersion}"
                : null;
        }
    }
}
