using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Tests.Portal;

public sealed class FirstRunTests
{
    [Fact]
    public async Task Without_configured_credentials_the_administrator_gets_a_generated_password_and_no_default_works()
    {
        await using var factory = new UnconfiguredAdminFactory();
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var admin = await users.FindByEmailAsync(FirstRunSetup.DefaultAdminEmail);
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        foreach (var guess in new[] { "admin", "Admin123456789", "password", "", PortalFactory.AdminPassword })
            Assert.False(await users.CheckPasswordAsync(admin, guess));
    }

    [Fact]
    public async Task A_restart_does_not_create_a_second_administrator()
    {
        await using var factory = new PortalFactory();
        _ = factory.Services;
        await factory.Services.GetRequiredService<FirstRunSetup>().RunAsync();

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
    }

    private sealed class UnconfiguredAdminFactory : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Admin:Email", ""), new("Admin:Password", "")];
    }
}
