using Bunit;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Components.Pages.Admin;
using WhatsPortal.Web.Components.Pages.Statistics;

namespace WhatsPortal.Tests.Components;

/// <summary>
/// Response metrics over seeded messages, checked exactly on the tenant's and the operator's statistics pages. A
/// conversation starts with an inbound message after 24 hours of silence in its chat; medians and p90 are nearest-rank.
/// </summary>
public sealed class ResponseMetricsTests
{
    [Fact]
    public async Task The_tenant_sees_per_instance_and_total_share_answered_median_and_p90()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (other, _) = await portal.CreateTenantUserAsync(Roles.Owner);
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Owner);
        var (support, sales) = await SeedAsync(portal, tenant.Id);
        await SeedAsync(portal, other.Id);
        await portal.SignInAsync(user);

        var page = portal.Context.Render<TenantStatistics>();

        page.WaitForAssertion(() => page.Find("#response-metrics"));
        // support: 4 conversations, 3 answered after 10 min, 30 min and 2 h.
        Assert.Equal(("4", "75", "0:30:00", "2:00:00"), Row(page, support));
        // sales: 1 conversation answered after 1 h.
        Assert.Equal(("1", "100", "1:00:00", "1:00:00"), Row(page, sales));
        // The tenant: 5 conversations, 4 answered: 10 min, 30 min, 1 h, 2 h; the other tenant's count nowhere.
        Assert.Equal("5", Cell(page, "total-conversations"));
        Assert.Equal("80", Digits(Cell(page, "total-answered")));
        Assert.Equal(("0:30:00", "2:00:00"), (Cell(page, "total-median"), Cell(page, "total-p90")));
    }

    [Fact]
    public async Task The_operator_sees_each_tenant_and_a_tenant_user_cannot_open_the_operators_page()
    {
        await using var portal = await PortalComponents.CreateAsync();
        var (tenant, user) = await portal.CreateTenantUserAsync(Roles.Owner);
        await SeedAsync(portal, tenant.Id);
        await portal.SignInOperatorAsync();

        var page = portal.Context.Render<Statistics>();

        page.WaitForAssertion(() => page.Find($"[data-metrics-for='{tenant.Id}']"));
        Assert.Equal(("5", "80", "0:30:00", "2:00:00"), Row(page, tenant.Id));

        await portal.SignInAsync(user);
        var notFound = portal.WatchNotFound();
        var refused = portal.Context.Render<Statistics>();
        Assert.True(notFound());
        Assert.Empty(refused.FindAll("#response-metrics"));
    }

    /// <summary>
    /// Two instances of the tenant. support, chat A: in (starts 1) → out 10 min; in 1 h later (same conversation); in 2 days
    /// later (starts 2) → out 30 min; in 2 days later (starts 3) → a failed out (no answer). Chat B: out first (no
    /// conversation), in 5 min later (still none); in 3 days later (starts 4) → out 2 h. sales, chat C: in (starts 5) → out 1 h;
    /// and an in 40 days ago, outside the 30-day window.
    /// </summary>
    internal static async Task<(Guid Support, Guid Sales)> SeedAsync(PortalComponents portal, Guid tenantId) => await SeedAsync(portal.Contexts, tenantId);

    internal static async Task<(Guid Support, Guid Sales)> SeedAsync(WhatsPortalDbContextFactory contexts, Guid tenantId)
    {
        await using var db = contexts.ForTenant(tenantId);
        var t0 = DateTime.UtcNow.AddDays(-10);
        var support = new Instance { Name = "support" };
        var sales = new Instance { Name = "sales" };
        var a = new Chat { InstanceId = support.Id, RemoteId = "5511900000001@c.us" };
        var b = new Chat { InstanceId = support.Id, RemoteId = "5511900000002@c.us" };
        var c = new Chat { InstanceId = sales.Id, RemoteId = "5511900000003@c.us" };
        db.AddRange(support, sales, a, b, c);
        void Add(Chat chat, MessageDirection direction, DateTime at, MessageStatus? status = null) => db.Messages.Add(new Message
        {
            InstanceId = chat.InstanceId, ChatId = chat.Id, Direction = direction, Type = MessageType.Text, Text = "x", CreatedAt = at,
            Status = status ?? (direction == MessageDirection.Inbound ? MessageStatus.Received : MessageStatus.Read),
        });
        Add(a, MessageDirection.Inbound, t0);
        Add(a, MessageDirection.Outbound, t0.AddMinutes(10));
        Add(a, MessageDirection.Inbound, t0.AddHours(1));
        Add(a, MessageDirection.Inbound, t0.AddDays(2));
        Add(a, MessageDirection.Outbound, t0.AddDays(2).AddMinutes(30));
        Add(a, MessageDirection.Inbound, t0.AddDays(4));
        Add(a, MessageDirection.Outbound, t0.AddDays(4).AddMinutes(5), MessageStatus.Failed);
        Add(b, MessageDirection.Outbound, t0);
        Add(b, MessageDirection.Inbound, t0.AddMinutes(5));
        Add(b, MessageDirection.Inbound, t0.AddDays(3));
        Add(b, MessageDirection.Outbound, t0.AddDays(3).AddHours(2));
        Add(c, MessageDirection.Inbound, t0.AddDays(-30));
        Add(c, MessageDirection.Inbound, t0);
        Add(c, MessageDirection.Outbound, t0.AddHours(1));
        await db.SaveChangesAsync();
        return (support.Id, sales.Id);
    }

    private static (string, string, string, string) Row<T>(IRenderedComponent<T> page, Guid id) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var row = page.Find($"[data-metrics-for='{id}']").ParentElement!;
        string Of(string metric) => row.QuerySelector($"[data-metric={metric}]")!.TextContent.Trim();
        return (Of("conversations"), Digits(Of("answered")), Of("median"), Of("p90"));
    }

    private static string Cell<T>(IRenderedComponent<T> page, string metric) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.Find($"[data-metric={metric}]").TextContent.Trim();

    /// <summary>A percentage's digits, whatever the culture puts around them.</summary>
    private static string Digits(string text) => new([.. text.Where(char.IsDigit)]);
}
