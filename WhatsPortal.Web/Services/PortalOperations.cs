using Microsoft.AspNetCore.Components.Authorization;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>
/// How a portal component calls the application layer: each call gets its own DI scope, as an API request does (its own
/// <see cref="Data.WhatsPortalDbContext"/>, commands and queries), acting as the circuit's current, revalidated user.
/// A circuit lives for hours and its handlers interleave at every await, so one context shared by them would be used
/// concurrently and would keep every entity it ever tracked.
/// </summary>
public sealed class PortalOperations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> operation) where TService : notnull
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(user);
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task RunAsync<TService>(Func<TService, Task> operation) where TService : notnull =>
        RunAsync<TService, bool>(async service => { await operation(service); return true; });
}
