using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WhatsPortal.Web.Authentication;

/// <summary>Tells the circuit's authentication state provider that it serves a circuit, the only place it revalidates.</summary>
public sealed class CircuitRevalidation(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        ((RevalidatingPortalAuthenticationStateProvider)authentication).RevalidateAsCircuit();
        return Task.CompletedTask;
    }
}
