namespace WhatsPortal.Simulator.Network;

/// <summary>The network to and from what <see cref="NetworkStore"/> keeps.</summary>
public sealed partial class WhatsAppNetwork
{
    private StoredNetwork Snapshot() => new(
        _accounts.Values.Select(a => new StoredPhone(a.Number, a.Name, a.PhoneOnline, a.LastDeviceId,
            a.Devices.Select(d => new StoredDevice(d.DeviceId, d.Token, d.LinkedAt, d.Pending.ToList())).ToList(),
            a.Lid, a.LidOnly, a.NumberKnownTo.ToList(), a.Blocked.ToList(),
            a.Picture is { } picture ? new StoredPicture(picture.Mimetype) { Bytes = picture.Bytes } : null, a.PictureVersion,
            a.ChatMarks.Where(c => c.Value.Archived || c.Value.MarkedUnread).Select(c => new StoredChatMarks(c.Key, c.Value.Archived, c.Value.MarkedUnread)).ToList())).ToList(),
        _messages.Select(m => new StoredMessage(m.Id, m.From, m.To, m.Type, m.Text, m.Timestamp, m.Ack, m.Revoked,
            m.Media is { } media ? new StoredMedia(media.Type, media.Mimetype, media.Filename) { Bytes = media.Bytes } : null,
            m.FromWid, m.ToWid, m.BlockedByRecipient, m.QuotedId, m.EditedAt, m.Reactions.Count == 0 ? null : new Dictionary<string, string>(m.Reactions),
            m.Content, m.Votes.Count == 0 ? null : new Dictionary<string, int[]>(m.Votes), m.ToGroup ? m.Recipients : null,
            m.Mentions.Count == 0 ? null : m.Mentions)).ToList(),
        _groups.Values.Select(g => new StoredGroup(g.Id, g.Creator, g.CreatedAt, g.Subject, g.Description, g.InviteCode,
            g.Participants.Select(p => new StoredParticipant(p.Number, p.Admin)).ToList())).ToList());

    /// <summary>
    /// Rebuilds the kept network, devices disconnected: each page that comes back with its token is reconnected
    /// without a QR, and gets the events its device queued before the restart.
    /// </summary>
    private void Restore(StoredNetwork kept)
    {
        foreach (var phone in kept.Phones)
        {
            var account = new Account(phone.Number, phone.Name, phone.Online, phone.Lid ?? NewLid(), phone.LidOnly)
            {
                LastDeviceId = phone.LastDeviceId,
                PictureVersion = phone.PictureVersion,
                Picture = phone.Picture is { } picture ? new MediaContent("image", picture.Mimetype, null, picture.Bytes) : null,
            };
            account.NumberKnownTo.UnionWith(phone.NumberKnownTo ?? []);
            account.Blocked.UnionWith(phone.Blocked ?? []);
            foreach (var chat in phone.Chats ?? []) account.ChatMarks[chat.With] = new ChatMarks { Archived = chat.Archived, MarkedUnread = chat.MarkedUnread };
            foreach (var stored in phone.Devices)
            {
                var device = new LinkedDevice(account, stored.DeviceId, stored.Token, stored.LinkedAt);
                foreach (var payload in stored.Pending) device.Pending.Enqueue(payload);
                account.Devices.Add(device);
                _devicesByToken.Add(device.Token, device);
            }
            _accounts.Add(account.Number, account);
            _accountsByLid.Add(account.LidWid, account);
        }
        foreach (var stored in kept.Groups ?? [])
        {
            var group = new Group(stored.Id, stored.Creator, stored.CreatedAt) { Subject = stored.Subject, Description = stored.Description, InviteCode = stored.InviteCode };
            group.Participants.AddRange(stored.Participants.Select(p => (p.Number, p.Admin)));
            _groups.Add(group.Wid, group);
        }
        foreach (var stored in kept.Messages)
        {
            var message = new ChatMessage
            {
                Id = stored.Id,
                From = stored.From,
                To = stored.To,
                FromWid = stored.FromWid ?? PhoneNumbers.ToWid(stored.From),
                ToWid = stored.ToWid ?? PhoneNumbers.ToWid(stored.To),
                Recipients = stored.Recipients ?? [],
                Type = stored.Type,
                Text = stored.Text,
                Media = stored.Media is { } media ? new MediaContent(media.Type, media.Mimetype, media.Filename, media.Bytes) : null,
                Timestamp = stored.Timestamp,
                Ack = stored.Ack,
                Revoked = stored.Revoked,
                BlockedByRecipient = stored.BlockedByRecipient,
                QuotedId = stored.QuotedId,
                Mentions = stored.Mentions ?? [],
                EditedAt = stored.EditedAt,
                Content = stored.Content,
                Votes = new Dictionary<string, int[]>(stored.Votes ?? new Dictionary<string, int[]>(), StringComparer.Ordinal),
            };
            foreach (var (reactor, emoji) in stored.Reactions ?? new Dictionary<string, string>()) message.Reactions[reactor] = emoji;
            Add(message);
        }
    }
}
