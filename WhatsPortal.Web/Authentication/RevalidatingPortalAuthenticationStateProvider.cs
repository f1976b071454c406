using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// A circuit's user, checked again every <c>Sessions:RevalidationInterval</c> with the same rule as cookies and open
/// connections (<see cref="PrincipalValidity"/>). A user who was suspended, removed from the tenant or whose security
/// stamp changed becomes anonymous: the router sends the page to the login, which ends the circuit, and every later
/// portal operation (<see cref="Services.PortalOperations"/>) and live event (<see cref="Components.Live.LiveEvents"/>)
/// already runs as nobody. Only a circuit is revalidated (<see cref="CircuitRevalidation"/> starts it): a static page's
/// request was checked by its cookie, and revalidating it while it renders would race a change the request itself makes
/// (a new password renews the stamp its principal still carries) and render the page as nobody's.
/// </summary>
public sealed class RevalidatingPortalAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly PrincipalValidity _validity;
    private readonly IOptions<SessionOptions> _sessions;
    private volatile bool _inCircuit;

    public RevalidatingPortalAuthenticationStateProvider(ILoggerFactory loggers, PrincipalValidity validity, IOptions<SessionOptions> sessions, CurrentUser circuitUser)
        : base(loggers)
    {
        _validity = validity;
        _sessions = sessions;
        // The circuit's own scope acts for the circuit's user as it stands now, not as the HTTP request that opened it.
        AuthenticationStateChanged += async state => circuitUser.ActAs((await state).User);
    }

    /// <summary>This scope is a circuit's: from now on its user is checked again every interval.</summary>
    public void RevalidateAsCircuit() => _inCircuit = true;

    protected override TimeSpan RevalidationInterval => _sessions.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        _inCircuit && state.User.Identity?.IsAuthenticated == true ? _validity.IsValidAsync(state.User, ct) : Task.FromResult(true);
}
