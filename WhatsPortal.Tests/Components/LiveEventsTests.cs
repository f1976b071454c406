using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components.Live;

namespace WhatsPortal.Tests.Components;

/// <summary>The one engine subscription a circuit shares: only the events its user may see reach a component.</summary>
public sealed class LiveEventsTests
{
    [Fact]
    public async Task A_tenant_user_gets_their_tenants_events_and_never_another_tenants()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (mine, user) = await portal.CreateTenantUserAsync();
        var (theirs, _) = await portal.CreateTenantUserAsync();
        await portal.SignInAsync(user);

        var seen = Channel.CreateUnbounded<EngineEvent>();
        var live = portal.Services.GetRequiredService<LiveEvents>();
        using var subscription = live.Subscribe(e => seen.Writer.WriteAsync(e).AsTask());

        // Published in this order: when our tenant's event arrives, the other tenant's (published first) would have too.
        portal.Events.Publish(Status(theirs.Id));
        portal.Events.Publish(Status(mine.Id));

        var first = await seen.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(mine.Id, first.TenantId);
        Assert.False(seen.Reader.TryRead(out _));
    }

    [Fact]
    public void The_operator_sees_every_tenant_and_a_revoked_or_anonymous_circuit_sees_nothing()
    {
        var tenant = Guid.NewGuid();
        Assert.True(LiveEvents.MaySee(Principal(Roles.Admin, tenantId: null), Status(tenant)));
        Assert.True(LiveEvents.MaySee(Principal(Roles.Member, tenant), Status(tenant)));
        Assert.False(LiveEvents.MaySee(Principal(Roles.Owner, Guid.NewGuid()), Status(tenant)));
        Assert.False(LiveEvents.MaySee(new ClaimsPrincipal(new ClaimsIdentity()), Status(tenant)));
        Assert.False(LiveEvents.MaySee(null, Status(tenant)));
    }

    private static InstanceStatusChanged Status(Guid tenantId) =>
        new(tenantId, Guid.NewGuid(), DateTime.UtcNow, InstanceStatus.Stopped, InstanceStatus.Starting, null);

    private static ClaimsPrincipal Principal(string role, Guid? tenantId)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role) };
        if (tenantId is { } id) claims.Add(new(WhatsPortal.Web.Authentication.WhatsPortalClaims.TenantId, id.ToString()));
        return new(new ClaimsIdentity(claims, "test"));
    }
}
