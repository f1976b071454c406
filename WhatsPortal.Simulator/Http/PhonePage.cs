using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WhatsPortal.Simulator.Linking;
using WhatsPortal.Simulator.Network;

namespace WhatsPortal.Simulator.Http;

/// <summary>
/// The "phone" a person uses to try WhatsPortal without a real one: create or pick a sandbox phone, link a
/// waiting page by clicking its QR, chat with the linked accounts. Server-rendered; a few lines of script
/// post to the control API and refresh the live part every few seconds.
/// </summary>
internal static class PhonePage
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/phone", (string? number, WhatsAppNetwork network, DeviceLinking linking) =>
            Results.Content(Page(number, network, linking), "text/html; charset=utf-8")).ExcludeFromDescription();
        group.MapGet("/phone/panel", (string? number, WhatsAppNetwork network, DeviceLinking linking) =>
            Results.Content(Panel(number, network, linking), "text/html; charset=utf-8")).ExcludeFromDescription();
    }

    private static string H(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static string Page(string? number, WhatsAppNetwork network, DeviceLinking linking)
    {
        var phones = network.ListPhones();
        var selected = phones.FirstOrDefault(p => p.Number == number);
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sandbox phone{(selected is null ? "" : " " + H(selected.Name))}</title>
            <style>{Css}</style></head>
            <body><p class="simulator-banner" role="note">{SimulatorBanner}</p>
            <header><h1>Sandbox phone</h1><p>A pretend phone on WhatsPortal's local WhatsApp network.</p></header>
            <div class="layout"><nav><h2>Phones</h2><ul>
            """);
        foreach (var phone in phones)
            html.Append($"""<li{(phone == selected ? " class=\"current\"" : "")}><a href="phone?number={H(phone.Number)}">{H(phone.Name)}<br><small>+{H(phone.Number)}</small></a></li>""");
        html.Append("""
            </ul>
            <form data-post="phones" data-then="select">
              <h3>New phone</h3>
              <label>Number <input name="number" required pattern="[0-9]{8,15}" placeholder="5511988887777"></label>
              <label>Name <input name="name" required placeholder="Ana"></label>
              <button>Create</button>
            </form></nav><main>
            """);
        if (selected is null)
        {
            html.Append(phones.Count == 0 ? "<p>Create a phone to start.</p>" : "<p>Pick a phone on the left.</p>");
        }
        else
        {
            var others = phones.Where(p => p.Number != selected.Number);
            html.Append($"""
                <div id="panel" data-number="{H(selected.Number)}">{Panel(selected.Number, network, linking)}</div>
                <form data-post="phones/{H(selected.Number)}/link" class="inline">
                  <label>Or paste a QR text or pairing code <input name="code" required></label><button>Link</button>
                </form>
                <form data-post="phones/{H(selected.Number)}/messages" class="inline">
                  <label>To <input name="to" required list="contacts" placeholder="number"></label>
                  <label class="grow">Message <input name="text"><small id="quoting"></small></label><input type="hidden" name="quotedId">
                  <label>File <input name="file" type="file"></label>
                  <label><input name="ptt" type="checkbox" value="1"> as voice note</label><button>Send</button>
                  <datalist id="contacts">{string.Concat(others.Select(p => $"<option value=\"{H(p.Number)}\">{H(p.Name)}</option>"))}</datalist>
                </form>
                <form data-post="phones/{H(selected.Number)}/messages" class="inline">
                  <label>To <input name="to" required list="contacts" placeholder="number"></label>
                  <label>Share <select name="share"><option value="location">location</option><option value="contact">contact card</option><option value="poll">poll</option><option value="poll*">poll, several choices</option></select></label>
                  <label class="grow">Details, split by | <input name="details" required placeholder="lat|lng|name|address · name|number|number · question|option|option"></label><button>Send</button>
                </form>
                <form data-post="phones/{H(selected.Number)}/groups" class="inline">
                  <label>New group <input name="subject" required placeholder="subject"></label>
                  <label class="grow">Participants <input name="participants" placeholder="numbers, separated by commas"></label><button>Create group</button>
                </form>
                """);
        }
        html.Append($"""</main></div><p id="error" role="alert"></p><script>{Script}</script></body></html>""");
        return html.ToString();
    }

    /// <summary>The live part: the phone's devices, pages waiting to be linked, and its chats.</summary>
    private static string Panel(string? number, WhatsAppNetwork network, DeviceLinking linking)
    {
        if (number is null) return "";
        PhoneView phone;
        try { phone = network.GetPhone(number); }
        catch (NetworkException e) { return $"<p>{H(e.Message)}</p>"; }
        var html = new StringBuilder();
        html.Append($"""
            <section><h2>{H(phone.Name)} <small>+{H(phone.Number)}{(phone.LidOnly ? $" · appears as {H(phone.Lid)}" : "")} · {(phone.Online ? "online" : "offline")}{(phone.Frozen ? " · frozen" : "")}</small></h2>
            <p>Linked devices: {(phone.Devices.Count == 0 ? "none" : string.Join(", ", phone.Devices.Select(d => $"#{d.DeviceId} ({(d.Connected ? "connected" : "away")})")))}
            {(phone.Devices.Count == 0 ? "" : $"""<button data-action="phones/{H(phone.Number)}/unlink-all">Log out all devices</button>""")}</p></section>
            <section><h2>Link a device</h2>
            """);
        var waiting = linking.Waiting();
        if (waiting.Count == 0) html.Append("<p>No page is showing a QR code right now. Open the WhatsApp Web page to get one.</p>");
        foreach (var session in waiting)
        {
            html.Append($"""
                <div class="qr"><code>{H(session.Ref[..Math.Min(18, session.Ref.Length)])}…</code>
                <span>code {session.Attempt} of {session.Attempts}, expires {session.ExpiresAt.ToLocalTime():HH:mm:ss}</span>
                <button data-action="phones/{H(phone.Number)}/link" data-code="{H(session.Code)}">Link this page</button></div>
                """);
        }
        html.Append("</section><section><h2>Chats</h2>");
        var messages = network.Messages(phone.Number);
        var names = network.ListPhones().ToDictionary(p => p.Number, p => p.Name);
        var marks = network.Chats(phone.Number).ToDictionary(c => c.With);
        if (messages.Count == 0) html.Append("<p>No messages yet.</p>");
        var groups = network.GroupViewsOf(phone.Number).ToDictionary(g => g.Id, g => g.Subject);
        foreach (var chat in messages.GroupBy(m => m.Direction == "sent" || groups.ContainsKey(m.To) || m.To.EndsWith("@g.us", StringComparison.Ordinal) ? m.To : m.From)
            .OrderByDescending(g => g.Max(m => m.Timestamp)))
        {
            var seen = marks.GetValueOrDefault(chat.Key);
            var isGroup = chat.Key.EndsWith("@g.us", StringComparison.Ordinal);
            html.Append($"""
                <div class="chat" data-with="{H(chat.Key)}"><h3>{H(isGroup ? groups.GetValueOrDefault(chat.Key, "(a group you left)") : names.GetValueOrDefault(chat.Key))} <small>{(isGroup ? "group" : "+" + H(chat.Key))}{(seen?.Archived == true ? " · archived" : "")}{(seen?.MarkedUnread == true ? " · marked unread" : "")}</small>
                <button type="button" data-reply="{H(chat.Key)}">Reply</button></h3>
                """);
            foreach (var m in chat.TakeLast(30))
            {
                var content = m.Type == "chat" ? H(m.Text)
                    : m.Content is { } shared ? Shared(phone.Number, m, shared)
                    : $"[{H(m.Type)}] {H(m.Filename)} {H(m.Caption)} <small>{m.Size} bytes</small>";
                // In a group each message says who wrote it, as WhatsApp shows it.
                if (isGroup && m.Direction == "received") content = $"<b>{H(names.GetValueOrDefault(m.From, "+" + m.From))}</b>: {content}";
                var action = m.Direction == "received" && m.Ack < Ack.Read
                    ? $"""<button data-action="phones/{H(phone.Number)}/read" data-message-id="{H(m.Id)}">Mark read</button>"""
                    : "";
                action += MessageActions(phone.Number, chat.Key, m);
                if (m.QuotedId is { } quotedId)
                    content = $"<small>↪ {H(messages.FirstOrDefault(q => q.Id == quotedId)?.Text ?? quotedId)}</small><br>{content}";
                if (m.EditedAt is not null) content += " <small>(edited)</small>";
                if (m.Reactions is { Count: > 0 } reactions) content += $" <small>{H(string.Concat(reactions.Values))}</small>";
                html.Append($"""
                    <p class="{m.Direction}">{content} <small>{m.Timestamp.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)} · {Ticks(m)}</small> {action}</p>
                    """);
            }
            html.Append("</div>");
        }
        html.Append("</section>");
        html.Append(GroupsSection(network.GroupViewsOf(phone.Number), names));
        return html.ToString();
    }

    /// <summary>The phone's groups with their participants, admins marked.</summary>
    private static string GroupsSection(IReadOnlyList<GroupView> groups, Dictionary<string, string> names)
    {
        var html = new StringBuilder("<section id=\"groups\"><h2>Groups</h2>");
        if (groups.Count == 0) html.Append("<p>No groups yet.</p>");
        foreach (var g in groups)
        {
            var members = string.Join(", ", g.Participants.Select(p => $"{H(names.GetValueOrDefault(p.Number, "+" + p.Number))}{(p.Admin ? " (admin)" : "")}"));
            html.Append($"""
                <div class="chat" data-group="{H(g.Id)}"><h3>{H(g.Subject)} <button type="button" data-reply="{H(g.Id)}">Write</button></h3>
                <p>{members}</p>{(g.Description.Length > 0 ? $"<p><small>{H(g.Description)}</small></p>" : "")}</div>
                """);
        }
        html.Append("</section>");
        return html.ToString();
    }

    /// <summary>What the phone can do to a message: quote it in a reply, react, and edit or delete its own text.</summary>
    private static string MessageActions(string number, string counterpart, MessageView m)
    {
        if (m.Type == "revoked") return "";
        var at = $"phones/{H(number)}/messages/{H(m.Id)}";
        var own = m.Direction == "sent";
        return $"""<button type="button" data-quote="{H(m.Id)}" data-to="{H(counterpart)}" data-text="{H(m.Text)}">Reply</button><button type="button" data-react="{at}/reaction">👍</button>"""
            + (own && m.Type == "chat" ? $"""<button type="button" data-edit="{at}/edit" data-text="{H(m.Text)}">Edit</button>""" : "")
            + (own ? $"""<button type="button" data-delete="{at}">Delete</button>""" : "");
    }

    /// <summary>A location, contact cards, or a poll with a button per option to vote (clicking a chosen option again takes it back).</summary>
    private static string Shared(string viewer, MessageView m, SharedContent shared)
    {
        if (shared.Vcards is { } cards) return "[contact] " + H(string.Join(", ", cards.Select(c => c.DisplayName)));
        if (shared.PollOptions is not { } options)
            return $"[location] {H(shared.Loc)} ({shared.Lat?.ToString(CultureInfo.InvariantCulture)}, {shared.Lng?.ToString(CultureInfo.InvariantCulture)})";
        var mine = m.Votes?.GetValueOrDefault(viewer) ?? [];
        var buttons = options.Select((option, i) =>
        {
            var count = m.Votes?.Values.Count(v => v.Contains(i)) ?? 0;
            int[] chosen = mine.Contains(i) ? [.. mine.Where(o => o != i)] : shared.PollSelectableOptionsCount == 1 ? [i] : [.. mine, i];
            var voted = mine.Contains(i) ? " class=\"voted\"" : "";
            return $"<button data-action=\"phones/{H(viewer)}/votes\" data-message-id=\"{H(m.Id)}\" data-options=\"{string.Join(',', chosen)}\"{voted}>{H(option)} ({count})</button>";
        });
        return $"[poll] {H(shared.PollName)} {string.Concat(buttons)}";
    }

    private static string Ticks(MessageView m) => m.Ack switch
    {
        >= Ack.Read => "✓✓ read",
        Ack.Delivered => "✓✓ delivered",
        Ack.Sent => "✓ sent",
        _ => Ack.Name(m.Ack),
    };

    /// <summary>Said on every sandbox page: a visitor must not mistake the simulator for WhatsApp, nor miss that it is open to anyone.</summary>
    internal const string SimulatorBanner =
        "Simulator: nothing here is WhatsApp, and no message leaves this machine. Anyone who can open this page sees every waiting QR code.";

    private const string Css = """
        .simulator-banner { margin: 0; padding: .4rem 1.5rem; background: #ffd279; color: #3b2a00; font-weight: 600; }
        body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #111b21; background: #f0f2f5; }
        header { background: #008069; color: #fff; padding: 0.6rem 1.5rem; } header h1 { margin: 0; font-size: 1.3rem; } header p { margin: 0; opacity: .85; }
        .layout { display: flex; gap: 1.5rem; padding: 1rem 1.5rem; }
        nav { width: 15rem; } nav ul { list-style: none; padding: 0; } nav li a { display: block; padding: .4rem .6rem; color: inherit; text-decoration: none; border-radius: 4px; }
        nav li.current a, nav li a:hover { background: #d9fdd3; }
        main { flex: 1; background: #fff; padding: 1rem 1.5rem; border-radius: 6px; }
        label { display: block; margin: .3rem 0; } form.inline { display: flex; gap: .6rem; align-items: end; margin-top: 1rem; } form.inline label.grow { flex: 1; } form.inline input { width: 100%; }
        .qr { display: flex; gap: 1rem; align-items: center; padding: .4rem 0; border-bottom: 1px solid #e9edef; }
        .chat h3 button { font-size: .8rem; margin-left: .5rem; } .chat { border: 1px solid #e9edef; border-radius: 6px; padding: .2rem .8rem; margin-bottom: .8rem; background: #efeae2; }
        .chat p { max-width: 75%; padding: .3rem .6rem; border-radius: 6px; } .sent { background: #d9fdd3; margin-left: auto; } .received { background: #fff; }
        button.voted { font-weight: bold; }
        small { color: #667781; } #error { color: #b00020; padding: 0 1.5rem; }
        """;

    /// <summary>Posts forms and buttons to the control API (relative URLs, so any prefix works) and refreshes the panel.</summary>
    private const string Script = """
        const error = document.getElementById('error');
        async function post(url, body) {
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          const data = await response.json().catch(() => ({}));
          if (!response.ok) throw new Error(data.detail ?? data.title ?? response.statusText);
          error.textContent = '';
          return data;
        }
        // A file the phone sends travels as a data URL; the control API reads its type from it when the browser gives none.
        const dataUrl = (file) => new Promise((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result);
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file);
        });
        async function refresh() {
          const panel = document.getElementById('panel');
          if (!panel) return;
          const response = await fetch('phone/panel?number=' + encodeURIComponent(panel.dataset.number));
          if (response.ok) panel.innerHTML = await response.text();
        }
        document.addEventListener('submit', async (e) => {
          const form = e.target.closest('form[data-post]');
          if (!form) return;
          e.preventDefault();
          try {
            const body = Object.fromEntries(new FormData(form));
            if (typeof body.participants === 'string') body.participants = body.participants.split(/[\s,]+/).filter(Boolean);
            if (body.file instanceof File) {
              if (body.file.size > 0) body.media = { data: await dataUrl(body.file), filename: body.file.name, mimetype: body.file.type || null, type: body.ptt ? 'ptt' : null };
              delete body.file;
            }
            if (body.share) {
              const parts = body.details.split('|').map((p) => p.trim());
              if (body.share === 'location') body.location = { lat: Number(parts[0]), lng: Number(parts[1]), name: parts[2] || null, address: parts[3] || null };
              else if (body.share === 'contact') body.contact = { name: parts[0], numbers: parts.slice(1) };
              else body.poll = { name: parts[0], options: parts.slice(1), multipleChoice: body.share === 'poll*' };
            }
            await post(form.dataset.post, body);
            if (form.dataset.then === 'select') location.href = 'phone?number=' + encodeURIComponent(body.number);
            for (const input of form.querySelectorAll('input[name=text], input[name=code], input[name=file], input[name=quotedId], input[name=details]')) input.value = '';
            const quoting = document.getElementById('quoting');
            if (quoting) quoting.textContent = '';
            await refresh();
          } catch (err) { error.textContent = err.message; }
        });
        document.addEventListener('click', (e) => {
          const reply = e.target.closest('button[data-reply]');
          if (!reply) return;
          document.querySelector('input[name=to]').value = reply.dataset.reply;
          document.querySelector('input[name=text]').focus();
        });
        document.addEventListener('click', async (e) => {
          const button = e.target.closest('button[data-action]');
          if (!button) return;
          try {
            const options = button.dataset.options?.split(',').filter((o) => o !== '').map(Number);
            await post(button.dataset.action, { code: button.dataset.code, messageId: button.dataset.messageId, options });
            await refresh();
          } catch (err) { error.textContent = err.message; }
        });
        document.addEventListener('click', async (e) => {
          const quote = e.target.closest('button[data-quote]');
          const react = e.target.closest('button[data-react]');
          const change = e.target.closest('button[data-edit]');
          const remove = e.target.closest('button[data-delete]');
          try {
            if (quote) {
              document.querySelector('input[name=to]').value = quote.dataset.to;
              document.querySelector('input[name=quotedId]').value = quote.dataset.quote;
              document.getElementById('quoting').textContent = 'replying to: ' + quote.dataset.text;
              document.querySelector('input[name=text]').focus();
              return;
            }
            if (react) await post(react.dataset.react, { emoji: react.textContent });
            else if (change) {
              const text = prompt('Edit message', change.dataset.text);
              if (!text) return;
              await post(change.dataset.edit, { text });
            } else if (remove) {
              const response = await fetch(remove.dataset.delete, { method: 'DELETE' });
              if (!response.ok) throw new Error((await response.json().catch(() => ({}))).detail ?? response.statusText);
            } else return;
            await refresh();
          } catch (err) { error.textContent = err.message; }
        });
        setInterval(refresh, 3000);
        """;
}
