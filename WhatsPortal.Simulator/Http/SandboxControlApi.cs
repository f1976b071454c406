using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Http;

/// <param name="LidOnly">The phone appears to others by its LID (…@lid) and shows its number only to those who write to it by number.</param>
public sealed record CreatePhoneRequest(string? Number, string? Name, bool? Online, bool? LidOnly = null);

public sealed record LinkRequest(string? Code);

/// <summary>
/// A message a sandbox phone sends; with <see cref="Media"/>, <see cref="Text"/> is the caption. A location, a contact
/// card or a poll goes instead of a text.
/// </summary>
/// <param name="QuotedId">The id of a message of the same chat this one replies to.</param>
/// <param name="Mentions">Numbers the text mentions (as @number), in a group.</param>
public sealed record PhoneMessageRequest(string? To, string? Text, MediaUpload? Media, PlaceUpload? Location = null, CardUpload? Contact = null,
    PollUpload? Poll = null, string? QuotedId = null, IReadOnlyList<string>? Mentions = null);

public sealed record PlaceUpload(double? Lat, double? Lng, string? Name, string? Address);

/// <summary>A contact card: one vCard per number, under the card's name, as WhatsApp writes them.</summary>
public sealed record CardUpload(string? Name, IReadOnlyList<string>? Numbers);

public sealed record PollUpload(string? Name, IReadOnlyList<string>? Options, bool? MultipleChoice);

/// <param name="Options">The indexes of the chosen options; none withdraws the phone's vote.</param>
public sealed record VoteRequest(string? MessageId, IReadOnlyList<int>? Options);

/// <param name="Emoji">The reaction; empty removes the phone's reaction.</param>
public sealed record ReactionRequest(string? Emoji);

public sealed record EditRequest(string? Text);

/// <summary>Media as base64 (a data URL is accepted too).</summary>
public sealed record MediaUpload(string? Data, string? Mimetype, string? Filename, string? Type);

public sealed record ReadRequest(string? MessageId);

/// <param name="State">composing (typing), recording (a voice note) or paused.</param>
public sealed record ChatStateRequest(string? To, string? State);

/// <summary>
/// The sandbox control API (ARCHITECTURE.md §3): what a person does on their phone, plus fault hooks for tests.
/// Every error is an RFC 7807 problem.
/// </summary>
internal static class SandboxControlApi
{
    public static void Map(RouteGroupBuilder group, string prefix)
    {
        var phones = group.MapGroup("/phones").WithTags("Sandbox");
        phones.MapPost("/", (HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            var request = await Body<CreatePhoneRequest>(http);
            var phone = network.CreatePhone(request.Number ?? "", request.Name ?? "", request.Online ?? true, request.LidOnly ?? false);
            return TypedResults.Created($"{prefix}/phones/{phone.Number}", phone);
        })).Accepts<CreatePhoneRequest>("application/json");
        phones.MapGet("/", (WhatsAppNetwork network) => TypedResults.Ok(network.ListPhones()));
        phones.MapGet("/{number}", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.GetPhone(number))));

        phones.MapPost("/{number}/link", (string number, HttpRequest http, DeviceLinking linking) => Guard(async () =>
        {
            var request = await Body<LinkRequest>(http);
            return TypedResults.Ok(linking.Link(number, request.Code ?? ""));
        })).Accepts<LinkRequest>("application/json");

        phones.MapPost("/{number}/messages", (string number, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            var request = await Body<PhoneMessageRequest>(http);
            var media = request.Media is null ? null : MediaOf(request.Media);
            var message = network.Accept(number, request.To ?? throw Invalid("'to' is required: the number to send to."), request.Text ?? "", media, ContentOf(request),
                string.IsNullOrEmpty(request.QuotedId) ? null : request.QuotedId, request.Mentions?.Select(PhoneNumbers.ToWid).ToList());
            network.Deliver(message);
            return TypedResults.Created($"{prefix}/phones/{number}/messages/{message.Id}", MessageView.Of(message, number));
        })).Accepts<PhoneMessageRequest>("application/json");
        phones.MapGet("/{number}/messages", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.Messages(number))));
        phones.MapPost("/{number}/votes", (string number, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            var request = await Body<VoteRequest>(http);
            var id = request.MessageId?.Split('_')[^1] ?? throw Invalid("'messageId' is required: the poll to vote on.");
            return TypedResults.Ok(network.Vote(number, id, request.Options ?? []));
        })).Accepts<VoteRequest>("application/json");
        phones.MapGet("/{number}/messages/{messageId}/media", (string number, string messageId, WhatsAppNetwork network) => Guard(() =>
            network.Media(number, messageId) is { } media
                ? TypedResults.File(media.Bytes, media.Mimetype, media.Filename)
                : throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no media message {messageId}.")));
        phones.MapPost("/{number}/read", (string number, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            var request = await Body<ReadRequest>(http);
            // The API hands out raw ids, but a serialized MsgKey (fromMe_remote_id) from the engine works too.
            var id = request.MessageId?.Split('_')[^1] ?? throw Invalid("'messageId' is required.");
            return TypedResults.Ok(network.ReadMessage(number, id));
        })).Accepts<ReadRequest>("application/json");
        phones.MapPost("/{number}/messages/{messageId}/reaction", (string number, string messageId, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
            TypedResults.Ok(network.React(number, messageId, (await Body<ReactionRequest>(http)).Emoji ?? "")))).Accepts<ReactionRequest>("application/json");
        phones.MapPost("/{number}/messages/{messageId}/edit", (string number, string messageId, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
            TypedResults.Ok(network.Edit(number, messageId, (await Body<EditRequest>(http)).Text ?? "")))).Accepts<EditRequest>("application/json");
        phones.MapDelete("/{number}/messages/{messageId}", (string number, string messageId, WhatsAppNetwork network) =>
            Guard(() => TypedResults.Ok(network.Revoke(number, messageId.Split('_')[^1]))));
        phones.MapPost("/{number}/chat-state", (string number, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            var request = await Body<ChatStateRequest>(http);
            network.ShowChatState(number, request.To ?? throw Invalid("'to' is required: the number whose chat shows the state."),
                request.State ?? throw Invalid("'state' is required: composing, recording or paused."));
            return TypedResults.NoContent();
        })).Accepts<ChatStateRequest>("application/json");
        phones.MapGet("/{number}/chats", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.Chats(number))));
        phones.MapGet("/{number}/chat-states", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.ChatStatesSeenBy(number))));
        phones.MapPut("/{number}/picture", (string number, HttpRequest http, WhatsAppNetwork network) => Guard(async () =>
        {
            network.SetPicture(number, MediaOf(await Body<MediaUpload>(http)));
            return TypedResults.NoContent();
        })).Accepts<MediaUpload>("application/json");
        phones.MapDelete("/{number}/picture", (string number, WhatsAppNetwork network) => Guard(() =>
        {
            network.SetPicture(number, null);
            return TypedResults.NoContent();
        }));
        // Public, as WhatsApp's picture links are: whoever has the URL gets the image.
        phones.MapGet("/{number}/picture", (string number, WhatsAppNetwork network) => Guard(() =>
            network.Picture(number) is { } picture
                ? TypedResults.File(picture.Bytes, picture.Mimetype)
                : throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no profile picture.")));
        SandboxGroupsApi.Map(phones, prefix);
        phones.MapPost("/{number}/unlink-all", (string number, WhatsAppNetwork network) =>
            Guard(() => TypedResults.Ok(new { unlinked = network.UnlinkAll(number) })));

        // Fault injection and test hooks.
        phones.MapPost("/{number}/drop", (string number, WhatsAppNetwork network) =>
            Guard(() => TypedResults.Ok(new { dropped = network.Drop(number) })));
        phones.MapPost("/{number}/freeze", (string number, WhatsAppNetwork network) => Guard(() => SetFrozen(network, number, true)));
        phones.MapPost("/{number}/unfreeze", (string number, WhatsAppNetwork network) => Guard(() => SetFrozen(network, number, false)));
        phones.MapPost("/{number}/offline", (string number, WhatsAppNetwork network) => Guard(() => SetOnline(network, number, false)));
        phones.MapPost("/{number}/online", (string number, WhatsAppNetwork network) => Guard(() => SetOnline(network, number, true)));

        group.MapGet("/qr-sessions", (DeviceLinking linking) => TypedResults.Ok(linking.Waiting())).WithTags("Sandbox");
        group.MapGet("/stats", (WhatsAppNetwork network) => TypedResults.Ok(network.Stats())).WithTags("Sandbox");
    }

    private static IResult SetFrozen(WhatsAppNetwork network, string number, bool frozen)
    {
        network.SetFrozen(number, frozen);
        return TypedResults.Ok(network.GetPhone(number));
    }

    private static IResult SetOnline(WhatsAppNetwork network, string number, bool online)
    {
        network.SetOnline(number, online);
        return TypedResults.Ok(network.GetPhone(number));
    }

    private static MediaContent MediaOf(MediaUpload upload)
    {
        var data = upload.Data ?? throw Invalid("'media.data' is required: the file as base64.");
        var mimetype = upload.Mimetype;
        if (data.StartsWith("data:", StringComparison.Ordinal) && data.IndexOf(',') is var comma and > 0)
        {
            mimetype ??= data[5..comma].Split(';')[0];
            data = data[(comma + 1)..];
        }
        mimetype = string.IsNullOrEmpty(mimetype) ? "application/octet-stream" : mimetype;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(data); }
        catch (FormatException) { throw Invalid("'media.data' is not valid base64."); }
        var type = upload.Type is { } given && MediaContent.KnownTypes.Contains(given) ? given : MediaContent.TypeFor(mimetype);
        return new MediaContent(type, mimetype, upload.Filename, bytes);
    }

    private static SharedContent? ContentOf(PhoneMessageRequest request) =>
        request.Location is { } place ? SharedContent.Place(place.Lat ?? double.NaN, place.Lng ?? double.NaN, place.Name, place.Address)
        : request.Contact is { } card ? SharedContent.Contacts((card.Numbers ?? []).Select(n => (card.Name ?? "", n.Trim().TrimStart('+'))).ToList())
        : request.Poll is { } poll ? SharedContent.Poll(poll.Name ?? "", poll.Options ?? [], poll.MultipleChoice == true ? 0 : 1)
        : null;

    private static NetworkException Invalid(string detail) => new(NetworkErrorKind.Invalid, detail);

    /// <summary>
    /// Reads the JSON body here rather than through parameter binding, whose failures answer 400 with no body
    /// unless the host adds problem-details middleware; the sandbox promises problem details on its own.
    /// (<c>Accepts</c> on each endpoint keeps the body in the OpenAPI document.)
    /// </summary>
    internal static async Task<T> Body<T>(HttpRequest request) where T : class
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted)
                ?? throw Invalid("The request body must be a JSON object.");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw Invalid($"The request body is not valid JSON of the expected shape: {e.Message}");
        }
    }

    internal static Task<IResult> Guard(Func<IResult> action) => Guard(() => Task.FromResult(action()));

    /// <summary>Turns a refused network operation into a problem with the matching status.</summary>
    internal static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (NetworkException e)
        {
            var (status, title) = e.Kind switch
            {
                NetworkErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                NetworkErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                NetworkErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
                _ => (StatusCodes.Status400BadRequest, "Invalid request"),
            };
            return TypedResults.Problem(detail: e.Message, statusCode: status, title: title);
        }
    }
}
