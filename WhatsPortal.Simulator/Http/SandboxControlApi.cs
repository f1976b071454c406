using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Http;

public sealed record CreatePhoneRequest(string? Number, string? Name, bool? Online);

public sealed record LinkRequest(string? Code);

/// <summary>A message a sandbox phone sends; with <see cref="Media"/>, <see cref="Text"/> is the caption.</summary>
public sealed record PhoneMessageRequest(string? To, string? Text, MediaUpload? Media);

/// <summary>Media as base64 (a data URL is accepted too).</summary>
public sealed record MediaUpload(string? Data, string? Mimetype, string? Filename, string? Type);

public sealed record ReadRequest(string? MessageId);

/// <summary>
/// The sandbox control API (ARCHITECTURE.md §3): what a person does on their phone, plus fault hooks for tests.
/// Every error is an RFC 7807 problem.
/// </summary>
internal static class SandboxControlApi
{
    public static void Map(RouteGroupBuilder group, string prefix)
    {
        var phones = group.MapGroup("/phones").WithTags("Sandbox");
        phones.MapPost("/", (CreatePhoneRequest request, WhatsAppNetwork network) => Guard(() =>
        {
            var phone = network.CreatePhone(request.Number ?? "", request.Name ?? "", request.Online ?? true);
            return TypedResults.Created($"{prefix}/phones/{phone.Number}", phone);
        }));
        phones.MapGet("/", (WhatsAppNetwork network) => TypedResults.Ok(network.ListPhones()));
        phones.MapGet("/{number}", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.GetPhone(number))));

        phones.MapPost("/{number}/link", (string number, LinkRequest request, DeviceLinking linking) =>
            Guard(() => TypedResults.Ok(linking.Link(number, request.Code ?? ""))));

        phones.MapPost("/{number}/messages", (string number, PhoneMessageRequest request, WhatsAppNetwork network) => Guard(() =>
        {
            var media = request.Media is null ? null : MediaOf(request.Media);
            var message = network.Accept(number, request.To ?? throw Invalid("'to' is required: the number to send to."), request.Text ?? "", media);
            network.Deliver(message);
            return TypedResults.Created($"{prefix}/phones/{number}/messages/{message.Id}", MessageView.Of(message, number));
        }));
        phones.MapGet("/{number}/messages", (string number, WhatsAppNetwork network) => Guard(() => TypedResults.Ok(network.Messages(number))));
        phones.MapGet("/{number}/messages/{messageId}/media", (string number, string messageId, WhatsAppNetwork network) => Guard(() =>
            network.Media(number, messageId) is { } media
                ? TypedResults.File(media.Bytes, media.Mimetype, media.Filename)
                : throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no media message {messageId}.")));
        phones.MapPost("/{number}/read", (string number, ReadRequest request, WhatsAppNetwork network) => Guard(() =>
        {
            // The API hands out raw ids, but a serialized MsgKey (fromMe_remote_id) from the engine works too.
            var id = request.MessageId?.Split('_')[^1] ?? throw Invalid("'messageId' is required.");
            return TypedResults.Ok(network.ReadMessage(number, id));
        }));
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

    private static NetworkException Invalid(string detail) => new(NetworkErrorKind.Invalid, detail);

    /// <summary>Turns a refused network operation into a problem with the matching status.</summary>
    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (NetworkException e)
        {
            var (status, title) = e.Kind switch
            {
                NetworkErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                NetworkErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                _ => (StatusCodes.Status400BadRequest, "Invalid request"),
            };
            return TypedResults.Problem(detail: e.Message, statusCode: status, title: title);
        }
    }
}
