namespace WhatsPortal.Data;

/// <summary>How far a context's commits must reach before they return.</summary>
public enum CommitDurability
{
    /// <summary>On disk (fsync) before the commit returns: anything the product accepted or must not repeat.</summary>
    Full,

    /// <summary>
    /// Safe from a crash of the app, not from one of the machine; the next full commit (or a checkpoint) takes it to disk.
    /// Only for state WhatsApp can tell us again: a send's result (a restart reconciles a sent message still marked
    /// queued by looking at the chat) and acks. On SQLite this skips an fsync per commit, and with one writer at a
    /// time an fsync per commit is what caps messages per second (see docs/benchmarks.md). PostgreSQL and SQL
    /// Server always commit fully: they group concurrent commits into one flush by themselves.
    /// </summary>
    Relaxed,
}
