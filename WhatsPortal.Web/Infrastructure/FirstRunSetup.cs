using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// Migrates the database, moves an older release's key files into it, makes the key ring's first key, creates the roles and, when there is no administrator yet, creates the first one
/// from <c>Admin:Email</c>/<c>Admin:Password</c> or with a generated password printed once. There is no default password.
/// </summary>
public sealed class FirstRunSetup(
    DatabaseMigrator migrator,
    LegacyKeyFiles legacyKeys,
    FirstDataProtectionKey firstKey,
    IServiceScopeFactory scopes,
    IOptions<AdminOptions> admin,
    ILogger<FirstRunSetup> logger)
{
    public const string DefaultAdminEmail = "admin@whatsportal.local";

    public async Task RunAsync(CancellationToken ct = default)
    {
        await migrator.MigrateAsync(ct);
        await legacyKeys.ImportAsync(ct);
        await firstKey.EnsureAsync(ct);

        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
            return;

        var email = string.IsNullOrWhiteSpace(admin.Value.Email) ? DefaultAdminEmail : admin.Value.Email.Trim();
        var generated = string.IsNullOrEmpty(admin.Value.Password);
        var password = generated ? GeneratePassword() : admin.Value.Password!;
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator" };
        Check(await users.CreateAsync(user, password), "create the first administrator (check Admin:Email and that Admin:Password meets the password policy: 12+ characters with upper case, lower case and a digit)");
        Check(await users.AddToRoleAsync(user, Roles.Admin), "make the first user an administrator");

        if (generated)
        {
            // Printed once, to the console only: the password is in no log file and never stored in clear.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine(" WhatsPortal first run: an administrator was created.");
            Console.WriteLine($"   email:    {email}");
            Console.WriteLine($"   password: {password}");
            Console.WriteLine(" Write it down now; it will not be shown again. Change it after logging in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
        logger.LogInformation("Created the first administrator {Email}", email);
    }

    private static string GeneratePassword() =>
        // Upper, lower and digits from the random part, plus a fixed tail that guarantees each class.
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y') + "aA1";

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
