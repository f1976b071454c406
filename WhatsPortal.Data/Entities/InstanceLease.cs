namespace WhatsPortal.Data.Entities;

/// <summary>
/// Which node may run an instance's WhatsApp Web session, and under which epoch. A node takes the lease (a new epoch
/// when it changes hands) in a transaction before launching Chromium, renews it while the session runs, and every
/// send claim and status write of that session checks the epoch: a node that lost its lease can change nothing.
/// </summary>
public sealed class InstanceLease
{
    public const int NodeMaxLength = 63;

    public Guid InstanceId { get; set; }
    public required string Node { get; set; }
    /// <summary>Grows by one each time the lease changes hands; a session writes only while the row still has its epoch.</summary>
    public long Epoch { get; set; }
    public DateTime AcquiredAt { get; set; }
    /// <summary>Until when the node may run the session without renewing; another node may take the lease after it.</summary>
    public DateTime ExpiresAt { get; set; }
}
