using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Data;

/// <summary>New rows take their creation time from the context's clock, not from entity initialisers.</summary>
public sealed class CreationStampTests
{
    [Fact]
    public async Task A_new_row_is_stamped_from_the_clock_and_a_time_the_writer_set_is_kept()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var contexts = new WhatsPortalDbContextFactory(database.Options, clock);
        var backdated = new DateTime(2029, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var tenant = new Tenant { Name = "stamped" };
        var instance = new Instance { Name = "phone", TenantId = tenant.Id };
        await using (var db = contexts.AcrossTenants())
        {
            await db.Database.MigrateAsync();
            db.AddRange(tenant, instance, new Tenant { Name = "backdated", CreatedAt = backdated });
            await db.SaveChangesAsync();
        }

        clock.Advance(TimeSpan.FromHours(1));
        await using var read = contexts.AcrossTenants();
        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), (await read.Tenants.SingleAsync(t => t.Id == tenant.Id)).CreatedAt);
        var saved = await read.Instances.SingleAsync();
        Assert.Equal((new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc)), (saved.CreatedAt, saved.UpdatedAt));
        Assert.Equal(backdated, (await read.Tenants.SingleAsync(t => t.Name == "backdated")).CreatedAt);
    }
}
