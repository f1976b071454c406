using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Commands;

/// <summary>Who owns a tenant from its first day: a user who can sign in at once with this password.</summary>
public sealed record FirstOwner(string Email, string Password);

/// <summary>
/// The operator creates a tenant: a unique name, an optional instance quota and, from the portal, its first owner.
/// A tenant whose owner cannot be created (a weak password, an email taken) is not kept: no tenant nobody can enter.
/// </summary>
public sealed class CreateTenantCommand(CurrentUser caller, WhatsPortalDbContextFactory contexts, CreateTenantUserCommand createUser)
{
    public async Task<CommandResult<Tenant>> RunAsync(string name, int? quota, FirstOwner? owner, CancellationToken ct)
    {
        if (!caller.IsOperator) return CommandResult<Tenant>.NoTenant();
        name = name.Trim();
        var errors = new Dictionary<string, Sentence[]>();
        if (name.Length == 0) errors["name"] = [new("Enter the company name.")];
        else if (name.Length > Tenant.NameMaxLength) errors["name"] = [new("A tenant's name has at most {0} characters.", Tenant.NameMaxLength)];
        if (SetTenantQuotaCommand.QuotaError(quota) is { } quotaError) errors["instanceQuota"] = [quotaError];
        if (errors.Count > 0) return CommandResult<Tenant>.Invalid(errors);

        await using var db = contexts.AcrossTenants();
        if (await db.Tenants.AnyAsync(t => t.Name == name, ct))
            return CommandResult<Tenant>.Conflict("name", new Sentence("A tenant named \"{0}\" already exists.", name));
        var tenant = new Tenant { Name = name, InstanceQuota = quota };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        if (owner is null) return CommandResult<Tenant>.Done(tenant);

        var created = await createUser.RunAsync(tenant.Id, owner.Email, owner.Password, Roles.Owner, ct);
        if (created.Status == CommandStatus.Done) return CommandResult<Tenant>.Done(tenant);
        db.Tenants.Remove(tenant);
        await db.SaveChangesAsync(CancellationToken.None);
        return created.Status == CommandStatus.Conflict
            ? CommandResult<Tenant>.Conflict("email", created.Errors.Values.SelectMany(e => e).First())
            : CommandResult<Tenant>.Invalid(created.Errors);
    }
}
