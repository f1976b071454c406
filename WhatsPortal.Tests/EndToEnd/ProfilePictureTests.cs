using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Portal;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>Profile pictures through the API and the portal, the engine in real Chromium and the simulator's picture host.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ProfilePictureTests
{
    private const string InstanceNumber = "5511900000011";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task The_API_links_a_contacts_picture_and_the_portal_serves_it_to_its_tenant_only()
    {
        await using var world = await LinkedWorld.StartAsync("pictures", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var url = $"/api/v1/instances/{instance.Id}/contacts/{Customer}/picture";
        Assert.Null((await api.GetFromJsonAsync<ContactsApi.PictureResponse>(url))!.Url);

        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46];
        using (var set = await simulator.Api.PutAsJsonAsync($"phones/{Customer}/picture", new { data = Convert.ToBase64String(jpeg), mimetype = "image/jpeg" }))
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var link = (await api.GetFromJsonAsync<ContactsApi.PictureResponse>(url))!;
        Assert.Equal($"{Customer}@c.us", link.ChatId);
        using (var anyone = new HttpClient())
            Assert.Equal(jpeg, await anyone.GetByteArrayAsync(link.Url));

        var member = await PortalUsers.CreateUserAsync(world.Portal, world.TenantId, Roles.Member);
        using var browser = await PortalUsers.LogInAsync(world.Portal, member);
        using var served = await browser.GetAsync($"/portal/instances/{instance.Id}/contacts/{Customer}/picture");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await served.Content.ReadAsByteArrayAsync());

        var (otherTenant, _) = await world.Portal.CreateTenantWithKeyAsync();
        using var stranger = await PortalUsers.LogInAsync(world.Portal, await PortalUsers.CreateUserAsync(world.Portal, otherTenant, Roles.Owner));
        using var refused = await stranger.GetAsync($"/portal/instances/{instance.Id}/contacts/{Customer}/picture");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
