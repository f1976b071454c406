using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Web.Authentication;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Tests.Authentication;

/// <summary>The failure window of <see cref="SignInAttempts"/>, on a clock the test moves.</summary>
public sealed class SignInAttemptsWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [Fact]
    public void A_failure_stops_counting_exactly_one_lockout_window_after_it_was_made()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var identity = new IdentityOptions { Lockout = { MaxFailedAccessAttempts = 5, DefaultLockoutTimeSpan = Window } };
        using var attempts = new SignInAttempts(Options.Create(new RateLimitOptions()), Options.Create(identity), cache, clock);
        var address = IPAddress.Parse("203.0.113.7");

        // Five failures a minute apart: at 0, 1, 2, 3 and 4 minutes.
        for (var i = 0; i < 5; i++)
        {
            Assert.False(attempts.IsLockedOut("ana@example.com", address));
            attempts.Failed("ana@example.com", address);
            if (i < 4) clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.True(attempts.IsLockedOut("ana@example.com", address));

        clock.Advance(Window - TimeSpan.FromMinutes(4) - TimeSpan.FromTicks(1));
        Assert.True(attempts.IsLockedOut("ana@example.com", address));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(attempts.IsLockedOut("ana@example.com", address));
    }
}
