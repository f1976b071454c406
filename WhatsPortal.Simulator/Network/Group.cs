namespace WhatsPortal.Simulator.Network;

/// <summary>
/// A WhatsApp group: a subject, a description, and participants of whom some are admins (the creator is the super
/// admin). Only admins change who is in it, who is admin, its subject and description, and its invite link.
/// Mutable state is changed only under the network's lock.
/// </summary>
internal sealed class Group(string id, string creator, DateTimeOffset createdAt)
{
    /// <summary>The digits of the group's id; <see cref="Wid"/> is <c>{id}@g.us</c>.</summary>
    public string Id { get; } = id;
    public string Wid { get; } = PhoneNumbers.ToGroupWid(id);
    public string Creator { get; } = creator;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string Subject { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The code of the group's invite link (https://chat.whatsapp.com/{code}); revoking replaces it.</summary>
    public string InviteCode { get; set; } = "";

    /// <summary>Participants by number, in the order they joined; the value says whether they are admins.</summary>
    public List<(string Number, bool Admin)> Participants { get; } = [];

    public bool Has(string number) => Participants.Exists(p => p.Number == number);

    public bool IsAdmin(string number) => Participants.Exists(p => p.Number == number && p.Admin);

    public void SetAdmin(string number, bool admin)
    {
        var index = Participants.FindIndex(p => p.Number == number);
        Participants[index] = (number, admin);
    }
}
