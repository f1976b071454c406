using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Services;

/// <summary>How response metrics are counted (section <c>ResponseMetrics</c>).</summary>
public sealed class ResponseMetricsOptions
{
    public const string Section = "ResponseMetrics";

    /// <summary>An inbound message after this many hours without any message in its chat starts a conversation (WhatsApp's customer service window).</summary>
    [Range(1, 24 * 30)]
    public int SilenceHours { get; set; } = 24;

    /// <summary>Conversations started in this many days up to now are counted.</summary>
    [Range(1, 366)]
    public int WindowDays { get; set; } = 30;

    public TimeSpan Silence => TimeSpan.FromHours(SilenceHours);
}

/// <summary>One inbound conversation: when it started and, if it was answered, how long the first reply took.</summary>
public sealed record Conversation(Guid TenantId, Guid InstanceId, DateTime StartedAt, TimeSpan? FirstReply);

/// <summary>The share of conversations answered and the median and 90th percentile of the time to the first reply (nearest rank).</summary>
public sealed record ResponseMetrics(int Conversations, int Answered, TimeSpan? MedianFirstReply, TimeSpan? P90FirstReply)
{
    public double? AnsweredShare => Conversations == 0 ? null : (double)Answered / Conversations;

    public static ResponseMetrics Of(IEnumerable<Conversation> conversations)
    {
        var all = conversations.ToList();
        var replies = all.Where(c => c.FirstReply is not null).Select(c => c.FirstReply!.Value).Order().ToList();
        return new ResponseMetrics(all.Count, replies.Count, NearestRank(replies, 0.5), NearestRank(replies, 0.9));
    }

    /// <summary>The smallest value with at least <paramref name="p"/> of the values at or below it: always one that was measured.</summary>
    private static TimeSpan? NearestRank(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
}

/// <summary>
/// Cuts chats into conversations. Percentiles have no SQL common to SQLite, PostgreSQL and SQL Server, and neither does
/// EF translate the window functions that would find the silences, so the messages of a bounded window (four narrow
/// columns, the window plus one silence before it) are read and cut in memory.
/// </summary>
public static class Conversations
{
    private sealed record Moment(Guid TenantId, Guid InstanceId, Guid ChatId, MessageDirection Direction, DateTime At);

    public static async Task<List<Conversation>> SinceAsync(IQueryable<Message> messages, DateTime since, TimeSpan silence, CancellationToken ct)
    {
        var from = since - silence;
        // A failed reply never reached the person, so it answers nothing.
        var moments = await messages.AsNoTracking()
            .Where(m => m.CreatedAt >= from && (m.Direction == MessageDirection.Inbound || m.Status != MessageStatus.Failed))
            .Select(m => new Moment(m.TenantId, m.InstanceId, m.ChatId, m.Direction, m.CreatedAt)).ToListAsync(ct);
        return [.. moments.GroupBy(m => m.ChatId).SelectMany(chat => Cut([.. chat.OrderBy(m => m.At)], silence)).Where(c => c.StartedAt >= since)];
    }

    /// <summary>
    /// An inbound message starts a conversation when the chat was silent (no message either way) for <paramref name="silence"/>
    /// before it; the first outbound message after it, before the next conversation, is its first reply. Outbound messages
    /// with no conversation open (the business wrote first) start none.
    /// </summary>
    private static IEnumerable<Conversation> Cut(List<Moment> chat, TimeSpan silence)
    {
        Conversation? open = null;
        DateTime? last = null;
        foreach (var m in chat)
        {
            if (m.Direction == MessageDirection.Inbound && (last is null || m.At - last >= silence))
            {
                if (open is not null) yield return open;
                open = new Conversation(m.TenantId, m.InstanceId, m.At, null);
            }
            else if (m.Direction == MessageDirection.Outbound && open is { FirstReply: null })
                open = open with { FirstReply = m.At - open.StartedAt };
            last = m.At;
        }
        if (open is not null) yield return open;
    }
}
