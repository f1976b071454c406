using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Apis;

/// <summary>Start, stop, restart, log out; the QR and the pairing code. Ownership is checked through the tenant-scoped context first.</summary>
public static class InstanceLifecycleApi
{
    public static IEndpointRouteBuilder MapInstanceLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/instances/{id:guid}").WithTags("Instances")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/start", Start).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Starts the instance and keeps it running across restarts of WhatsPortal.");
        group.MapPost("/stop", (Guid id, InstanceLifecycleCommand command, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) => Run(id, InstanceAction.Stop, command, db, clock, ct))
            .RequireAuthorization(Policies.Manage).WithSummary("Stops the instance; its WhatsApp login is kept.");
        group.MapPost("/restart", (Guid id, InstanceLifecycleCommand command, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) => Run(id, InstanceAction.Restart, command, db, clock, ct))
            .RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Relaunches the instance's browser; no new QR is needed.");
        group.MapPost("/logout", (Guid id, InstanceLifecycleCommand command, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) => Run(id, InstanceAction.Logout, command, db, clock, ct))
            .RequireAuthorization(Policies.Manage).WithSummary("Unlinks the device from the WhatsApp account; the next start shows a QR.");
        group.MapGet("/qr", GetQr).RequireAuthorization(Policies.Read).ProducesProblem(StatusCodes.Status409Conflict)
            .Produces<QrResponse>(StatusCodes.Status200OK).Produces(StatusCodes.Status200OK, contentType: "image/png").Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .WithSummary("The QR to scan with the phone, as JSON, or as an image with Accept: image/png or image/svg+xml. 409 when the instance is not in 'qr'.");
        group.MapPost("/pairing-code", PairingCode).RequireAuthorization(Policies.Manage).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("An 8-character code to type on the phone (Linked devices → Link with phone number) instead of scanning the QR.");
        return app;
    }

    public sealed record QrResponse(string Code, DateTime ExpiresAt);

    public sealed record PairingCodeRequest([property: Required, StringLength(32, MinimumLength = 8)] string Phone);

    public sealed record PairingCodeResponse(string Code);

    private static Task<Results<Ok<InstancesApi.InstanceResponse>, ProblemHttpResult>> Start(Guid id, InstanceLifecycleCommand command, WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct) =>
        Run(id, InstanceAction.Start, command, db, clock, ct);

    /// <summary>Runs a lifecycle action on an instance of the caller's tenant and answers with the instance as it is afterwards.</summary>
    private static async Task<Results<Ok<InstancesApi.InstanceResponse>, ProblemHttpResult>> Run(Guid id, InstanceAction action, InstanceLifecycleCommand command,
        WhatsPortalDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await command.RunAsync(id, action, ct);
        if (result.Status != CommandStatus.Done) return ApiProblems.Refusal(result, "Not possible now", () => InstancesApi.NotFound(id));
        return await InstancesApi.AnswerAsync(db, clock, id, ct) is { } answer ? TypedResults.Ok(answer) : InstancesApi.NotFound(id);
    }

    private static async Task<IResult> GetQr(Guid id, HttpRequest request, WhatsPortalDbContext db, IWhatsAppEngine engine, QrCodeRenderer renderer, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Status }).SingleOrDefaultAsync(ct);
        if (instance is null) return InstancesApi.NotFound(id);
        // Only a QR lives in the owner's memory alone: its grain is asked while the row says there is one.
        if (instance.Status != Data.Entities.InstanceStatus.Qr || await engine.GetQrAsync(id) is not { } qr)
            return ApiProblems.Conflict("No QR code", $"The instance is '{SnakeCaseEnum<Data.Entities.InstanceStatus>.Name(instance.Status)}', not 'qr'. Start it to get a QR.");
        if (Accepts(request, "image/png"))
            return TypedResults.File(renderer.RenderPng(qr.Code), "image/png");
        if (Accepts(request, "image/svg+xml"))
            return TypedResults.Text(renderer.RenderSvg(qr.Code), "image/svg+xml");
        return TypedResults.Ok(new QrResponse(qr.Code, qr.ExpiresAt));
    }

    private static bool Accepts(HttpRequest request, string mediaType) =>
        request.Headers.Accept.Any(a => a?.Contains(mediaType, StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<Results<Ok<PairingCodeResponse>, ProblemHttpResult>> PairingCode(
        Guid id, PairingCodeRequest request, RequestPairingCodeCommand command, CancellationToken ct)
    {
        var result = await command.RunAsync(id, request.Phone, ct);
        return result.Status switch
        {
            CommandStatus.Done => TypedResults.Ok(new PairingCodeResponse(result.Value!.Code)),
            CommandStatus.NotFound => InstancesApi.NotFound(id),
            CommandStatus.Conflict => ApiProblems.Conflict("No pairing code now", string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(e => e.Text))),
            _ => ApiProblems.Invalid(result.Errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray())),
        };
    }
}
