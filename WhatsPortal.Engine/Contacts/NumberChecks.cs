using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Contacts;

/// <summary>
/// Answers "is this number on WhatsApp?" for an instance from a cache when it can (Engine:NumberCheckCacheLifetime), and
/// asks WhatsApp, paced by the session, only for the rest: each question costs the number some of WhatsApp's trust.
/// The cache is per instance, so one tenant's checks never answer (or date) another's.
/// </summary>
internal sealed class NumberChecks(IMemoryCache cache, IOptions<EngineOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<NumberCheck>> CheckAsync(InstanceSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var answers = new List<NumberCheck>(ids.Count);
        foreach (var id in ids)
        {
            var key = (nameof(NumberChecks), session.InstanceId, id);
            if (!cache.TryGetValue(key, out NumberCheck? answer) || answer is null)
            {
                answer = new NumberCheck(id, await session.QueryExistsPacedAsync(id, cancellationToken), time.GetUtcNow());
                cache.Set(key, answer, options.Value.NumberCheckCacheLifetime);
            }
            answers.Add(answer);
        }
        return answers;
    }
}
