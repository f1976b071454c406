namespace WhatsPortal.Simulator.Network;

/// <summary>Votes on polls, as WhatsApp keeps them: a voter's new vote replaces their earlier one, and an empty vote withdraws it.</summary>
public sealed partial class WhatsAppNetwork
{
    /// <summary>
    /// The phone votes on a poll of one of its chats; every device of both sides of the chat gets
    /// <c>chat.poll_response</c>. Returns the poll as the voter sees it.
    /// </summary>
    public MessageView Vote(string number, string pollId, IReadOnlyList<int> options)
    {
        return Change(() =>
        {
            var voter = Get(number);
            var poll = voter.Messages.FirstOrDefault(m => m.Id == pollId)
                ?? throw new NetworkException(NetworkErrorKind.NotFound, $"The phone {number} has no message {pollId}.");
            if (poll.Content?.PollOptions is not { } choices || poll.Revoked)
                throw new NetworkException(NetworkErrorKind.Conflict, $"Message {pollId} is not a poll.");
            var chosen = options.Distinct().Order().ToArray();
            if (chosen.Any(i => i < 0 || i >= choices.Count))
                throw new NetworkException(NetworkErrorKind.Invalid, $"The poll has options 0 to {choices.Count - 1}.");
            if (poll.Content.PollSelectableOptionsCount == 1 && chosen.Length > 1)
                throw new NetworkException(NetworkErrorKind.Invalid, "The poll takes one option per voter.");
            if (chosen.Length == 0) poll.Votes.Remove(voter.Number);
            else poll.Votes[voter.Number] = chosen;
            var voterWid = voter.LidOnly ? voter.LidWid : voter.Wid;
            var at = _time.GetUtcNow();
            foreach (var account in new[] { _accounts[poll.From], _accounts[poll.To] }.Distinct())
            foreach (var device in account.Devices)
                Push(device, PagePayloads.PollResponse(poll, account.Number, voterWid, chosen, at));
            return MessageView.Of(poll, voter.Number);
        });
    }
}
