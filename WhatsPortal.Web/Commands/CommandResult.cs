using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

public enum CommandStatus
{
    Done,
    TenantNotFound,
    /// <summary>What the command acts on (an instance, a chat, a key) is not the caller's or does not exist: the same answer for both.</summary>
    NotFound,
    /// <summary>The input breaks a rule; <see cref="CommandResult{T}.Errors"/> says which, by field.</summary>
    Invalid,
    /// <summary>The input is fine but clashes with what exists (an email already taken).</summary>
    Conflict,
    /// <summary>WhatsApp refused because the instance's number lacks the right (not an admin of a group).</summary>
    Forbidden,
    /// <summary>Too many of these too fast; <see cref="CommandResult{T}.RetryAfter"/> says when to try again.</summary>
    RateLimited,
    /// <summary>Well-formed but contradicts an earlier request (an idempotency key reused for another message).</summary>
    Unprocessable,
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

    /// <summary>Set only when <see cref="Status"/> is <see cref="CommandStatus.RateLimited"/>.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Every error in one line, for a door that shows them together.</summary>
    public IEnumerable<Sentence> AllErrors => Errors.Values.SelectMany(e => e);

    public static CommandResult<T> Done(T value) => new(CommandStatus.Done, value, NoErrors);

    public static CommandResult<T> NoTenant() => new(CommandStatus.TenantNotFound, null, NoErrors);

    public static CommandResult<T> NotFound() => new(CommandStatus.NotFound, null, NoErrors);

    /// <summary>Not found, saying what (e.g. a group of an instance that exists), for a door that must tell it from the instance missing.</summary>
    public static CommandResult<T> NotFound(string field, Sentence error) => new(CommandStatus.NotFound, null, new Dictionary<string, Sentence[]> { [field] = [error] });

    public static CommandResult<T> Forbidden(string field, Sentence error) => new(CommandStatus.Forbidden, null, new Dictionary<string, Sentence[]> { [field] = [error] });

    public static CommandResult<T> Invalid(string field, params Sentence[] errors) => new(CommandStatus.Invalid, null, new Dictionary<string, Sentence[]> { [field] = errors });

    public static CommandResult<T> Invalid(IReadOnlyDictionary<string, Sentence[]> errors) => new(CommandStatus.Invalid, null, errors);

    public static CommandResult<T> Conflict(string field, Sentence error) => new(CommandStatus.Conflict, null, new Dictionary<string, Sentence[]> { [field] = [error] });

    public static CommandResult<T> RateLimited(string field, Sentence error, TimeSpan retryAfter) =>
        new(CommandStatus.RateLimited, null, new Dictionary<string, Sentence[]> { [field] = [error] }) { RetryAfter = retryAfter };

    public static CommandResult<T> Unprocessable(string field, Sentence error) => new(CommandStatus.Unprocessable, null, new Dictionary<string, Sentence[]> { [field] = [error] });
}
