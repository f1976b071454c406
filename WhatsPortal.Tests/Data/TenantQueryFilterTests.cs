using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Data;

/// <summary>Tenancy is enforced by the DbContext itself, so every query of every tenant-owned set is covered.</summary>
[Trait("Category", "Postgres")]
public sealed class TenantQueryFilterTests
{
    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public async Task A_tenant_context_sees_only_its_own_rows_in_every_tenant_owned_set(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b) = await SeedTwoTenantsAsync(database);

        await using var asB = database.Contexts.ForTenant(b);
        Assert.All(await asB.Instances.ToListAsync(), i => Assert.Equal(b, i.TenantId));
        Assert.Single(await asB.Instances.ToListAsync());
        Assert.Single(await asB.Chats.ToListAsync());
        Assert.Single(await asB.Messages.ToListAsync());
        Assert.Single(await asB.InstanceEvents.ToListAsync());
        Assert.Single(await asB.ApiKeys.ToListAsync());
        Assert.DoesNotContain(await asB.Messages.Select(m => m.TenantId).ToListAsync(), t => t == a);

        var instanceOfA = await SingleInstanceIdAsync(database, a);
        Assert.Null(await asB.Instances.FindAsync(instanceOfA));
        Assert.Equal(0, await asB.Instances.Where(i => i.Id == instanceOfA).ExecuteDeleteAsync());
        Assert.Equal(0, await asB.Messages.Where(m => m.InstanceId == instanceOfA).ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, "hijacked")));

        await using var asAll = database.Contexts.AcrossTenants();
        Assert.Equal(2, await asAll.Instances.CountAsync());
        Assert.DoesNotContain(await asAll.Messages.Select(m => m.Text).ToListAsync(), t => t == "hijacked");
    }

    [Fact]
    public async Task A_context_without_a_tenant_sees_no_tenant_rows()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedTwoTenantsAsync(database);

        await using var anonymous = database.Contexts.Create(TenantScope.None);
        Assert.Empty(await anonymous.Instances.ToListAsync());
        Assert.Empty(await anonymous.Messages.ToListAsync());
        Assert.Empty(await anonymous.ApiKeys.ToListAsync());
    }

    [Fact]
    public async Task A_row_of_another_tenant_cannot_be_written_through_a_tenant_context()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (a, b) = await SeedTwoTenantsAsync(database);

        await using var asB = database.Contexts.ForTenant(b);
        asB.Instances.Add(new Instance { Name = "smuggled", TenantId = a });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => asB.SaveChangesAsync());
        Assert.Contains("another tenant", error.Message);

        await using var check = database.Contexts.AcrossTenants();
        Assert.False(await check.Instances.AnyAsync(i => i.Name == "smuggled"));
    }

    [Fact]
    public async Task New_rows_take_the_tenant_of_their_context()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, b) = await SeedTwoTenantsAsync(database);

        await using (var asB = database.Contexts.ForTenant(b))
        {
            asB.Instances.Add(new Instance { Name = "new one" });
            await asB.SaveChangesAsync();
        }
        await using var check = database.Contexts.AcrossTenants();
        Assert.Equal(b, (await check.Instances.SingleAsync(i => i.Name == "new one")).TenantId);
    }

    private static async Task<Guid> SingleInstanceIdAsync(TestDatabase database, Guid tenant)
    {
        await using var db = database.Contexts.ForTenant(tenant);
        return await db.Instances.Select(i => i.Id).SingleAsync();
    }

    private static async Task<(Guid A, Guid B)> SeedTwoTenantsAsync(TestDatabase database)
    {
        await using (var db = database.Contexts.AcrossTenants())
            await db.Database.MigrateAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "A", "B" })
        {
            var tenant = new Tenant { Name = name };
            await using (var db = database.Contexts.AcrossTenants())
            {
                db.Tenants.Add(tenant);
                await db.SaveChangesAsync();
            }
            await using var scoped = database.Contexts.ForTenant(tenant.Id);
            var instance = new Instance { Name = $"{name} sales" };
            var chat = new Chat { InstanceId = instance.Id, RemoteId = "5511999990000@c.us" };
            scoped.AddRange(
                instance,
                chat,
                new Message { InstanceId = instance.Id, ChatId = chat.Id, Text = $"hello from {name}", Direction = MessageDirection.Inbound, Status = MessageStatus.Received },
                new InstanceEvent { InstanceId = instance.Id, Type = "status", Message = "created" },
                new ApiKey { Name = "k", Prefix = "wpk_" + name, Hash = new string(name[0], 64), Scopes = ApiKeyScopes.All });
            await scoped.SaveChangesAsync();
            ids.Add(tenant.Id);
        }
        return (ids[0], ids[1]);
    }
}
