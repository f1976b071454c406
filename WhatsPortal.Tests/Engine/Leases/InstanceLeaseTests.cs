using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Tests.Engine.Leases;

/// <summary>
/// The lease rules and the fencing of a session's writes, between nodes that share one real database (SQLite file or
/// PostgreSQL): what a node may claim, and that a node whose lease moved on can change nothing.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class InstanceLeaseTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_lease_goes_to_one_node_at_a_time_under_a_growing_epoch(DatabaseProvider provider)
    {
        await using var nodes = await LeaseNodes.CreateAsync(provider);
        var a = LeaseNodes.Ownership(nodes.Node("node-a"));
        var b = LeaseNodes.Ownership(nodes.Node("node-b"));
        var instance = await nodes.CreateInstanceAsync();

        var first = await a.TryClaimAsync(instance.Id, default);
        Assert.Equal(("node-a", 1L, nodes.Clock.GetUtcNow() + LeaseNodes.LeaseDuration), (first!.Node, first.Epoch, first.ValidUntil));
        Assert.Null(await b.TryClaimAsync(instance.Id, default));

        // Its own node may claim again (a new session): the older session is fenced out by the new epoch.
        var again = await a.TryClaimAsync(instance.Id, default);
        Assert.Equal(2, again!.Epoch);
        Assert.Null(await a.RenewAsync(first, default));

        // Renewed, the lease outlives its first duration; unrenewed past it, another node takes it.
        nodes.Clock.Advance(LeaseNodes.LeaseDuration / 3);
        Assert.Equal(nodes.Clock.GetUtcNow() + LeaseNodes.LeaseDuration, await a.RenewAsync(again, default));
        nodes.Clock.Advance(LeaseNodes.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Null(await b.TryClaimAsync(instance.Id, default));
        nodes.Clock.Advance(TimeSpan.FromSeconds(1));
        var taken = await b.TryClaimAsync(instance.Id, default);
        Assert.Equal(("node-b", 3L), (taken!.Node, taken.Epoch));

        // The old holder can neither renew nor release what it no longer holds.
        Assert.Null(await a.RenewAsync(again, default));
        await a.ReleaseAsync(again, default);
        Assert.Null(await a.TryClaimAsync(instance.Id, default));

        // Released, it is free at once.
        await b.ReleaseAsync(taken, default);
        var afterRelease = await a.TryClaimAsync(instance.Id, default);
        Assert.Equal(("node-a", 4L), (afterRelease!.Node, afterRelease.Epoch));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_session_whose_lease_moved_on_can_neither_claim_a_send_nor_record_a_status(DatabaseProvider provider)
    {
        await using var nodes = await LeaseNodes.CreateAsync(provider);
        var a = nodes.Node("node-a");
        var b = nodes.Node("node-b");
        var instance = await nodes.CreateInstanceAsync();
        var message = await a.GetRequiredService<OutboundQueue>().EnqueueAsync(instance.TenantId, instance.Id, new OutboundMessageRequest("5511999990000", "once"));
        var oldLease = (await LeaseNodes.Ownership(a).TryClaimAsync(instance.Id, default))!;
        await a.GetRequiredService<InstanceStatusRecorder>().TransitionAsync(instance.Id, InstanceStatus.Connected, null, lease: oldLease);

        nodes.Clock.Advance(LeaseNodes.LeaseDuration);
        var newLease = (await LeaseNodes.Ownership(b).TryClaimAsync(instance.Id, default))!;

        await Assert.ThrowsAsync<LeaseLostException>(() => a.GetRequiredService<OutboundQueue>().ClaimAttemptAsync(message.Id, oldLease, default));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.GetRequiredService<OutboundQueue>().MarkErrorAsync(message.Id, "late", final: true, oldLease, default));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.GetRequiredService<InstanceStatusRecorder>()
            .TransitionAsync(instance.Id, InstanceStatus.Reconnecting, "late", i => i.WhatsAppId = "old@c.us", oldLease));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.GetRequiredService<InstanceStatusRecorder>()
            .NoteAsync(instance.TenantId, instance.Id, "pairing_code", InstanceEventLevel.Info, "late", oldLease));

        await using (var db = nodes.Db())
        {
            var row = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == message.Id);
            Assert.Equal((MessageStatus.Queued, 0, (string?)null), (row.Status, row.Attempts, row.Error));
            var stored = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id);
            Assert.Equal((InstanceStatus.Connected, (string?)null), (stored.Status, stored.WhatsAppId));
            Assert.DoesNotContain(await db.InstanceEvents.AsNoTracking().Where(e => e.InstanceId == instance.Id).Select(e => e.Message).ToListAsync(), m => m == "late");
        }

        // The new owner's writes go through.
        Assert.True(await b.GetRequiredService<OutboundQueue>().ClaimAttemptAsync(message.Id, newLease, default));
        await b.GetRequiredService<InstanceStatusRecorder>().TransitionAsync(instance.Id, InstanceStatus.Reconnecting, "moved", lease: newLease);
        await using (var db = nodes.Db())
        {
            Assert.Equal(1, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == message.Id)).Attempts);
            Assert.Equal(InstanceStatus.Reconnecting, (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instance.Id)).Status);
        }
    }

    [Fact]
    public async Task A_node_frozen_inside_a_guarded_write_on_PostgreSQL_does_not_keep_its_instance_once_its_lease_ran_out()
    {
        await using var nodes = await LeaseNodes.CreateAsync(DatabaseProvider.Postgres);
        var a = nodes.Node("node-a");
        var instance = await nodes.CreateInstanceAsync();
        var oldLease = (await LeaseNodes.Ownership(a).TryClaimAsync(instance.Id, default))!;
        // Node A stops (SIGSTOP, a paused VM) between the lease check of a write and its commit: its connection stays
        // open, and so does the lock its transaction holds on the lease row.
        await using var frozen = a.GetRequiredService<WhatsPortalDbContextFactory>().AcrossTenants();
        var write = await frozen.Database.BeginTransactionAsync();
        await InstanceLeases.HoldAsync(frozen, oldLease, default);

        nodes.Clock.Advance(LeaseNodes.LeaseDuration);
        // Without a limit on idle transactions this update waits for the lock until the command times out.
        var taken = await LeaseNodes.Ownership(nodes.Node("node-b")).TryClaimAsync(instance.Id, default);
        Assert.Equal(("node-b", 2L), (taken!.Node, taken.Epoch));

        // Woken, the frozen write commits nothing.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => write.CommitAsync());
    }

    [Fact]
    public async Task Nodes_claiming_one_instance_at_the_same_moment_on_PostgreSQL_never_both_win()
    {
        await using var nodes = await LeaseNodes.CreateAsync(DatabaseProvider.Postgres);
        var claimers = Enumerable.Range(0, 6).Select(i => LeaseNodes.Ownership(nodes.Node($"node-{i}"))).ToList();
        var instance = await nodes.CreateInstanceAsync();
        const int rounds = 20;

        for (var round = 1; round <= rounds; round++)
        {
            // Round 1 races the first insert on the key; later rounds race the update of an expired lease on its epoch.
            using var start = new Barrier(claimers.Count);
            var grants = await Task.WhenAll(claimers.Select(claimer => Task.Run(() =>
            {
                start.SignalAndWait();
                return claimer.TryClaimAsync(instance.Id, default);
            })));
            var winner = Assert.Single(grants, g => g is not null);
            Assert.Equal(round, winner!.Epoch);
            await using (var db = nodes.Db())
            {
                var lease = await db.InstanceLeases.AsNoTracking().SingleAsync(l => l.InstanceId == instance.Id);
                Assert.Equal((winner.Node, (long)round), (lease.Node, lease.Epoch));
            }
            nodes.Clock.Advance(LeaseNodes.LeaseDuration);
        }
    }
}
