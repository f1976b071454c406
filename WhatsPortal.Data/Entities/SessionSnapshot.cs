namespace WhatsPortal.Data.Entities;

/// <summary>
/// The WhatsApp Web session state of an instance's browser profile (the WhatsApp origin's IndexedDB and Local
/// Storage), compressed and encrypted with the cluster's Data Protection key ring, so the node that takes an
/// instance over connects without a new QR.
/// </summary>
public sealed class SessionSnapshot
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The lease epoch of the owner that took it: an owner that lost its lease cannot overwrite a newer state.</summary>
    public long Epoch { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAt { get; set; }
}
