using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Components;
using WhatsPortal.Web.Components.Instances;

namespace WhatsPortal.Tests.Portal;

public sealed class ComponentRenderingTests
{
    [Fact]
    public async Task A_live_status_badge_replaces_the_badge_of_its_instance()
    {
        var id = Guid.NewGuid();
        var html = await ComponentRenderer.RenderAsync<StatusBadge>(new() { [nameof(StatusBadge.Status)] = InstanceStatus.LoggedOut, [nameof(StatusBadge.InstanceId)] = id, [nameof(StatusBadge.OutOfBand)] = true });
        var badge = html.QuerySelector("span.status-badge")!;
        Assert.Equal($"status-{id}", badge.Id);
        Assert.Equal("logged_out", badge.GetAttribute("data-status"));
        Assert.Equal("true", badge.GetAttribute("hx-swap-oob"));
    }

    [Theory]
    [InlineData(InstanceStatus.Stopped, "start,delete")]
    [InlineData(InstanceStatus.Qr, "stop,restart,delete")]
    [InlineData(InstanceStatus.Connected, "stop,restart,logout,delete")]
    [InlineData(InstanceStatus.LoggedOut, "start,delete")]
    public async Task Instance_actions_fit_the_status_and_delete_asks_first(InstanceStatus status, string expected)
    {
        var id = Guid.NewGuid();
        var html = await ComponentRenderer.RenderAsync<InstanceActions>(new()
        {
            [nameof(InstanceActions.InstanceId)] = id, [nameof(InstanceActions.InstanceName)] = "sales",
            [nameof(InstanceActions.Status)] = status, [nameof(InstanceActions.ReturnUrl)] = $"/instances/{id}",
        });
        Assert.Equal(expected, string.Join(",", html.QuerySelectorAll("button[data-action]").Select(b => b.GetAttribute("data-action"))));
        var delete = html.QuerySelector($"form[action='portal/instances/{id}/delete']")!;
        Assert.Contains("cannot be undone", delete.GetAttribute("data-confirm"));
        Assert.All(html.QuerySelectorAll("form"), f =>
        {
            Assert.Equal("post", f.GetAttribute("method"));
            Assert.Equal(ComponentRenderer.Token, f.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        });
    }
}
