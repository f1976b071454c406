namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Blocking as WhatsApp has it: a blocked contact's messages never reach the account (they keep one tick), the account
/// cannot write to it until it unblocks, and every device of the account holds the list (wa-js reads it synchronously).
/// </summary>
public sealed partial class WhatsAppNetwork
{
    /// <summary>WPP.blocklist.blockContact / unblockContact: the contact's wid and whether it is blocked now.</summary>
    internal object SetBlocked(LinkedDevice device, string id, bool blocked)
    {
        return Change(() =>
        {
            var account = device.Account;
            var contact = Resolve(id) ?? throw new NetworkException(NetworkErrorKind.NotFound, $"chat not found: {id} is not a WhatsApp account in the sandbox");
            if (blocked) account.Blocked.Add(contact.Number);
            else account.Blocked.Remove(contact.Number);
            // The account's other devices learn the new list, as WhatsApp syncs it.
            var list = new { type = "blocklist", blocked = BlockedWids(account) };
            foreach (var other in account.Devices.Where(d => d != device)) Push(other, list);
            return (object)new { wid = contact.Wid, isBlocked = blocked };
        });
    }

    private static string[] BlockedWids(Account account) => [.. account.Blocked.Order(StringComparer.Ordinal).Select(PhoneNumbers.ToWid)];
}
