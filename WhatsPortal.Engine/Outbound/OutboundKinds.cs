using System.Collections.Frozen;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// The rules of messages other than plain text and media by MIME type: what a location, a contact card and a poll
/// must carry, and which files and captions WhatsApp takes for each kind of media.
/// </summary>
public static class OutboundKinds
{
    public const int MinPollOptions = 2;
    // WhatsApp's own limit on a poll's options.
    public const int MaxPollOptions = 12;
    public const int PollQuestionMaxLength = 255;
    public const int PollOptionMaxLength = 100;
    public const int PlaceTextMaxLength = 256;
    public const int ContactNameMaxLength = 256;
    public const int MaxContactNumbers = 10;

    /// <summary>The API's names of the media kinds (WhatsApp's own: a voice note is a ptt, "push to talk").</summary>
    public static readonly FrozenDictionary<string, MessageType> MediaKinds = new Dictionary<string, MessageType>
    {
        ["image"] = MessageType.Image,
        ["video"] = MessageType.Video,
        ["audio"] = MessageType.Audio,
        ["ptt"] = MessageType.VoiceNote,
        ["sticker"] = MessageType.Sticker,
        ["document"] = MessageType.Document,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string NameOf(MessageType kind) => MediaKinds.First(k => k.Value == kind).Key;

    /// <summary>
    /// The kind a person picking a file in a chat means by it: an Ogg recording is a voice note and a WebP image a
    /// sticker, as WhatsApp's own apps make them; other files go by their MIME type.
    /// </summary>
    public static MessageType PickedKindOf(string mimeType) => mimeType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "audio/ogg" => MessageType.VoiceNote,
        "image/webp" => MessageType.Sticker,
        _ => WhatsAppIds.MessageTypeOfMime(mimeType),
    };

    /// <summary>The type a request is stored as.</summary>
    internal static MessageType TypeOf(OutboundMessageRequest request) =>
        request.Location is not null ? MessageType.Location
        : request.Contact is not null ? MessageType.Contact
        : request.Poll is not null ? MessageType.Poll
        : request.Media is { } media ? media.Kind ?? WhatsAppIds.MessageTypeOfMime(media.MimeType)
        : MessageType.Text;

    /// <summary>What a location, contact card or poll stores in <see cref="Message.Content"/>, tidied; null for text and media.</summary>
    internal static string? ContentOf(OutboundMessageRequest request) =>
        request.Location is { } place ? MessageContent.Write(place with { Name = Tidy(place.Name), Address = Tidy(place.Address) })
        : request.Contact is { } card ? MessageContent.Write(new ContactContent([new ContactCard(card.Name.Trim(), card.Numbers.Select(DigitsOf).ToList())]))
        : request.Poll is { } poll ? MessageContent.Write(new PollContent(poll.Question.Trim(), poll.Options.Select(o => o.Trim()).ToList(), poll.MultipleChoice))
        : null;

    /// <summary>Refuses a request whose kind carries what WhatsApp would not take.</summary>
    internal static void Validate(OutboundMessageRequest request)
    {
        var kinds = new (object? Part, string Field)[] { (request.Media, OutboundFields.Media), (request.Location, OutboundFields.Location), (request.Contact, "contact"), (request.Poll, "poll") }
            .Where(k => k.Part is not null).ToList();
        if (kinds.Count > 1)
            throw new InvalidOutboundMessageException(kinds[1].Field, "A message carries one of media, location, contact or poll, not several.");
        var hasText = !string.IsNullOrWhiteSpace(request.Text);
        if (request.Location is { } place)
        {
            if (hasText) throw new InvalidOutboundMessageException(OutboundFields.Text, "A location carries no text; send the text as a message of its own.");
            ValidatePlace(place);
        }
        if (request.Contact is { } card)
        {
            if (hasText) throw new InvalidOutboundMessageException(OutboundFields.Text, "A contact card carries no text; send the text as a message of its own.");
            ValidateCard(card);
        }
        if (request.Poll is { } poll)
        {
            if (hasText) throw new InvalidOutboundMessageException(OutboundFields.Text, "A poll carries no text besides its question; send the text as a message of its own.");
            ValidatePoll(poll);
        }
        if (request.Media is { Kind: { } kind } media) ValidateMediaKind(kind, media.MimeType, hasText);
    }

    private static void ValidatePlace(LocationContent place)
    {
        if (!double.IsFinite(place.Latitude) || place.Latitude is < -90 or > 90)
            throw new InvalidOutboundMessageException(OutboundFields.Latitude, "The latitude must be between -90 and 90 degrees.");
        if (!double.IsFinite(place.Longitude) || place.Longitude is < -180 or > 180)
            throw new InvalidOutboundMessageException(OutboundFields.Longitude, "The longitude must be between -180 and 180 degrees.");
        if (place.Name is { Length: > PlaceTextMaxLength })
            throw new InvalidOutboundMessageException(OutboundFields.LocationName, "The place's name is longer than {0} characters.", PlaceTextMaxLength);
        if (place.Address is { Length: > PlaceTextMaxLength })
            throw new InvalidOutboundMessageException(OutboundFields.LocationAddress, "The place's address is longer than {0} characters.", PlaceTextMaxLength);
    }

    private static void ValidateCard(ContactCard card)
    {
        if (string.IsNullOrWhiteSpace(card.Name))
            throw new InvalidOutboundMessageException(OutboundFields.ContactName, "A contact card needs the contact's name.");
        if (card.Name.Trim().Length > ContactNameMaxLength)
            throw new InvalidOutboundMessageException(OutboundFields.ContactName, "The contact's name is longer than {0} characters.", ContactNameMaxLength);
        if (card.Numbers is not { Count: > 0 })
            throw new InvalidOutboundMessageException(OutboundFields.ContactNumbers, "A contact card needs at least one phone number.");
        if (card.Numbers.Count > MaxContactNumbers)
            throw new InvalidOutboundMessageException(OutboundFields.ContactNumbers, "A contact card holds at most {0} phone numbers.", MaxContactNumbers);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < card.Numbers.Count; i++)
        {
            var field = $"{OutboundFields.ContactNumbers}[{i}]";
            if (WhatsAppIds.NormalizeRecipient(card.Numbers[i]) is not { } id || !WhatsAppIds.IsPhone(id))
                throw new InvalidOutboundMessageException(field, "'{0}' is not a phone number with country code (e.g. 5511999990000).", card.Numbers[i]);
            if (!seen.Add(id))
                throw new InvalidOutboundMessageException(field, "The number {0} is on the card twice.", card.Numbers[i]);
        }
    }

    private static void ValidatePoll(OutboundPoll poll)
    {
        if (string.IsNullOrWhiteSpace(poll.Question))
            throw new InvalidOutboundMessageException(OutboundFields.PollQuestion, "A poll needs a question.");
        if (poll.Question.Trim().Length > PollQuestionMaxLength)
            throw new InvalidOutboundMessageException(OutboundFields.PollQuestion, "The question is longer than {0} characters.", PollQuestionMaxLength);
        var count = poll.Options?.Count ?? 0;
        if (count is < MinPollOptions or > MaxPollOptions)
            throw new InvalidOutboundMessageException(OutboundFields.PollOptions, "A poll has {0} to {1} options; this one has {2}.", MinPollOptions, MaxPollOptions, count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var option = poll.Options![i]?.Trim() ?? "";
            var field = $"{OutboundFields.PollOptions}[{i}]";
            if (option.Length == 0) throw new InvalidOutboundMessageException(field, "An option needs a text.");
            if (option.Length > PollOptionMaxLength)
                throw new InvalidOutboundMessageException(field, "The option is longer than {0} characters.", PollOptionMaxLength);
            if (!seen.Add(option))
                throw new InvalidOutboundMessageException(field, "The option '{0}' appears twice; each option must differ.", option);
        }
    }

    private static void ValidateMediaKind(MessageType kind, string mimeType, bool hasCaption)
    {
        var essence = mimeType.Split(';')[0].Trim().ToLowerInvariant();
        switch (kind)
        {
            case MessageType.VoiceNote when essence != "audio/ogg":
                throw new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "A voice note (ptt) must be audio/ogg with Opus, as WhatsApp records them; send other sound with kind audio.");
            case MessageType.Sticker when essence != "image/webp":
                throw new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "A sticker must be image/webp.");
            case MessageType.Image or MessageType.Video or MessageType.Audio when !essence.StartsWith(NameOf(kind) + "/", StringComparison.Ordinal):
                throw new InvalidOutboundMessageException(OutboundFields.MediaMimeType, "Media of kind {0} needs a {0}/* MIME type; {1} is not one.", NameOf(kind), essence);
        }
        if (hasCaption && kind is MessageType.VoiceNote or MessageType.Sticker or MessageType.Audio)
            throw new InvalidOutboundMessageException(OutboundFields.Text, "WhatsApp shows no caption with media of kind {0}; send the text as a message of its own.", NameOf(kind));
    }

    private static string? Tidy(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string DigitsOf(string number) => WhatsAppIds.NormalizeRecipient(number)!.Split('@')[0];
}
