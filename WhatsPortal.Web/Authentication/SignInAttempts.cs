using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// What the portal remembers of sign-in attempts, in memory (a restart forgets it):
/// <list type="bullet">
/// <item>each client address may post <c>RateLimits:SignInAttemptsPerMinute</c> sign-in forms (password or code) a minute;</item>
/// <item>an address that failed an email's password as many times as Identity's lockout allows (5) within its lockout
/// time (15 minutes) is locked out of that email, and only that address;</item>
/// <item>an email whose password failed from that many different addresses within that time is locked out for everyone.</item>
/// </list>
/// So one address guessing at the operator's well-known email locks out only itself, and the answer depends on the
/// attempts made, never on whether the email has an account.
/// </summary>
public sealed class SignInAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly IMemoryCache _failures;
    private readonly TimeProvider _clock;
    private readonly int _maxFailures;
    private readonly TimeSpan _window;

    public SignInAttempts(IOptions<RateLimitOptions> limits, IOptions<IdentityOptions> identity, IMemoryCache failures, TimeProvider clock)
    {
        var perMinute = limits.Value.SignInAttemptsPerMinute;
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => OutboundRateLimiter.PerMinute(perMinute)));
        _failures = failures;
        _clock = clock;
        _maxFailures = identity.Value.Lockout.MaxFailedAccessAttempts;
        _window = identity.Value.Lockout.DefaultLockoutTimeSpan;
    }

    /// <returns>null when the address may try, otherwise how long it should wait.</returns>
    public TimeSpan? TryAttempt(IPAddress? address)
    {
        using var lease = _perAddress.AttemptAcquire(KeyOf(address));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public bool IsLockedOut(string email, IPAddress? address)
    {
        if (!_failures.TryGetValue(CacheKey(email), out List<Failure>? recent) || recent is null) return false;
        lock (recent)
        {
            Prune(recent);
            return recent.Count(f => f.Address == KeyOf(address)) >= _maxFailures
                || recent.Select(f => f.Address).Distinct().Count() >= _maxFailures;
        }
    }

    public void Failed(string email, IPAddress? address)
    {
        var recent = FailuresOf(email);
        lock (recent)
        {
            Prune(recent);
            recent.Add(new Failure(KeyOf(address), _clock.GetUtcNow()));
        }
        // Kept as long as its newest failure counts; an email nobody fails at takes no memory.
        _failures.Set(CacheKey(email), recent, _window);
    }

    /// <summary>The right password clears the email's failures, as it resets Identity's count.</summary>
    public void Succeeded(string email) => _failures.Remove(CacheKey(email));

    private List<Failure> FailuresOf(string email) => _failures.GetOrCreate(CacheKey(email), entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = _window;
        return new List<Failure>();
    })!;

    private void Prune(List<Failure> failures) => failures.RemoveAll(f => _clock.GetUtcNow() - f.At >= _window);

    private static string CacheKey(string email) => "sign-in-failures:" + email.Trim().ToUpperInvariant();

    /// <summary>An IPv6 client is its /64: one host usually holds the whole prefix and could rotate through it.</summary>
    private static string KeyOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return new IPAddress(prefix) + "/64";
    }

    private sealed record Failure(string Address, DateTimeOffset At);

    public void Dispose() => _perAddress.Dispose();
}
