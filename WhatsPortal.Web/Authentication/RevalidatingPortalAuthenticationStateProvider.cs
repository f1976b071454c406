using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// A circuit's user, checked again every <c>Sessions:RevalidationInterval</c> with the same rule as cookies and open
/// connections (<see cref="PrincipalValidity"/>). A user who was suspended, removed from the tenant or whose security
/// stamp changed becomes anonymous: the router sends the page to the login, which ends the circuit, and every later
/// portal operation (<see cref="Services.PortalOperations"/>) and live event (<see cref="Components.Live.LiveEvents"/>)
/// already runs as nobody.
/// </summary>
public sealed class RevalidatingPortalAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly PrincipalValidity _validity;
    private readonly IOptions<SessionOptions> _sessions;

    public RevalidatingPortalAuthenticationStateProvider(ILoggerFactory loggers, PrincipalValidity validity, IOptions<SessionOptions> sessions, CurrentUser circuitUser)
        : base(loggers)
    {
        _validity = validity;
        _sessions = sessions;
        // The circuit's own scope acts for the circuit's user as it stands now, not as the HTTP request that opened it.
        AuthenticationStateChanged += async state => circuitUser.ActAs((await state).User);
    }

    protected override TimeSpan RevalidationInterval => _sessions.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        state.User.Identity?.IsAuthenticated == true ? _validity.IsValidAsync(state.User, ct) : Task.FromResult(true);
}
