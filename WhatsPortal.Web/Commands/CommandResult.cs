using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

public enum CommandStatus
{
    Done,
    TenantNotFound,
    /// <summary>What the command acts on does not exist for the caller: another tenant's counts as none.</summary>
    NotFound,
    /// <summary>The input breaks a rule; <see cref="CommandResult{T}.Errors"/> says which, by field.</summary>
    Invalid,
    /// <summary>The input is fine but clashes with what exists (an email already taken).</summary>
    Conflict,
}

/// <summary>
/// What a command did, the same for every door: the API turns it into a status and problem details, the portal into
/// a translated message. Errors are keyed by the request's field name (camelCase, as the API's JSON).
/// </summary>
public sealed class CommandResult<T> where T : class
{
    private static readonly Dictionary<string, Sentence[]> NoErrors = [];

    private CommandResult(CommandStatus status, T? value, IReadOnlyDictionary<string, Sentence[]> errors)
    {
        Status = status;
        Value = value;
        Errors = errors;
    }

    public CommandStatus Status { get; }

    /// <summary>What the command made or changed; set only when <see cref="Status"/> is <see cref="CommandStatus.Done"/>.</summary>
    public T? Value { get; }

    public IReadOnlyDictionary<string, Sentence[]> Errors { get; }

    public static CommandResult<T> Done(T value) => new(CommandStatus.Done, value, NoErrors);

    public static CommandResult<T> NoTenant() => new(CommandStatus.TenantNotFound, null, NoErrors);

    public static CommandResult<T> NotFound() => new(CommandStatus.NotFound, null, NoErrors);

    public static CommandResult<T> Invalid(string field, params Sentence[] errors) => new(CommandStatus.Invalid, null, new Dictionary<string, Sentence[]> { [field] = errors });

    public static CommandResult<T> Invalid(IReadOnlyDictionary<string, Sentence[]> errors) => new(CommandStatus.Invalid, null, errors);

    public static CommandResult<T> Conflict(string field, Sentence error) => new(CommandStatus.Conflict, null, new Dictionary<string, Sentence[]> { [field] = [error] });
}
