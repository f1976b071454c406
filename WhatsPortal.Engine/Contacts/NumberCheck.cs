namespace WhatsPortal.Engine.Contacts;

/// <summary>What WhatsApp answered about one id.</summary>
/// <param name="Id">The id asked about (5511988887777@c.us).</param>
/// <param name="WhatsAppId">The id WhatsApp knows the number by (it may differ, e.g. a Brazilian number without its ninth digit); null when the number is not on WhatsApp.</param>
/// <param name="CheckedAt">When WhatsApp was asked: an answer from the cache keeps the time of the question that filled it.</param>
[GenerateSerializer]
public sealed record NumberCheck(string Id, string? WhatsAppId, DateTimeOffset CheckedAt)
{
    public bool OnWhatsApp => WhatsAppId is not null;
}
