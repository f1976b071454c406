// The engine's only contact with WhatsApp Web. Installed once per page after WPP.isReady.
// Every WPP function and event the engine uses is written here literally (WPP.x.y(...), WPP.on('...')):
// the contract test reads this file and proves each one exists in the pinned wa-js bundle.
// Payloads leave the page as JSON strings of plain values; ids are flattened to their serialized form.
(() => {
  if (window.__whatsPortal) return;

  // Events wait in a queue and leave in numbered batches: on the answer of the next call the engine makes, or through
  // the exposed function when no call comes in time. Each trip through the exposed function costs the browser and
  // the engine's driver about as much CPU as a send itself. While the engine is calling often (sending), events wait
  // up to RIDE_MS for its next call, so each send's ack rides on the next send; otherwise they leave after FLUSH_MS.
  const FLUSH_MS = 20;
  const RIDE_MS = 250;
  const BUSY_MS = 1000;
  let queued = [];
  let batches = 0;
  let timer = null;
  let lastCallAt = -Infinity;
  const drain = () => {
    if (timer !== null) { clearTimeout(timer); timer = null; }
    if (queued.length === 0) return null;
    const batch = { seq: batches++, events: queued };
    queued = [];
    return batch;
  };
  const flush = () => {
    const batch = drain();
    if (batch) window.__whatsPortalEmit(JSON.stringify(batch)).catch(() => {});
  };
  const enqueue = (type, data) => {
    queued.push({ type, data: data ?? null });
    if (timer === null) timer = setTimeout(flush, performance.now() - lastCallAt < BUSY_MS ? RIDE_MS : FLUSH_MS);
  };
  // Events keep the page's order even when one waits for its data (a message for its media file, below): while one
  // waits, those after it wait behind it; otherwise they are queued at once.
  let waiting = 0;
  let inOrder = Promise.resolve();
  const emit = (type, data) => {
    if (waiting === 0 && !(data instanceof Promise)) { enqueue(type, data); return; }
    waiting++;
    inOrder = inOrder.then(() => data)
      .then(ready => enqueue(type, ready), e => enqueue('bridge_error', String(e?.message ?? e)))
      .finally(() => { waiting--; });
  };
  const id = x => x == null ? null : (typeof x === 'string' ? x : (x._serialized ?? String(x)));
  // What a location, a contact message and a poll carry, in wa-js's names; nothing for other messages.
  const contentOf = m => {
    switch (m.type) {
      case 'location': return { lat: m.lat ?? null, lng: m.lng ?? null, loc: m.loc ?? null };
      case 'vcard': return { vcards: [m.body ?? ''] };
      case 'multi_vcard': return { vcards: (m.vcardList ?? []).map(v => v.vcard ?? '') };
      case 'poll_creation':
        return { pollName: m.pollName ?? '', pollOptions: (m.pollOptions ?? []).map(o => o.name), pollSelectableOptionsCount: m.pollSelectableOptionsCount ?? 0 };
      default: return null;
    }
  };
  const message = m => ({
    id: id(m.id),
    fromMe: m.id?.fromMe === true,
    chatId: id(m.id?.remote),
    from: id(m.from),
    to: id(m.to),
    author: id(m.author),
    type: m.type ?? 'chat',
    // For media WhatsApp keeps a thumbnail in body; the text of a media message is its caption.
    // A contact message's body is its vCard, which leaves in content.
    text: (m.type ?? 'chat') === 'chat' ? (m.body ?? null) : (m.caption ?? null),
    t: m.t ?? 0,
    ack: m.ack ?? 0,
    mimetype: m.mimetype ?? null,
    filename: m.filename ?? null,
    size: m.size ?? null,
    notifyName: m.notifyName ?? null,
    quotedId: m.quotedStanzaID ?? null,
    editedAtMs: m.latestEditSenderTimestampMs ?? null,
    mentions: (m.mentionedJidList ?? []).map(id),
    content: contentOf(m),
  });
  // Media a message carries leave the page with it: downloaded (WPP.chat.downloadMedia) before the message is emitted,
  // so whoever hears of the message can fetch its file. Downloads run beside everything else; the events after such
  // a message wait for it (see emit). The engine sets the size bound before installing this bridge; larger media,
  // and downloads that fail or hang, leave with the reason instead of the bytes.
  const { maxMediaBytes } = window.__whatsPortalSettings ?? {};
  if (!Number.isFinite(maxMediaBytes)) throw new Error('window.__whatsPortalSettings.maxMediaBytes must be set before the bridge is installed');
  const DOWNLOAD_MS = 60000;
  const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);
  const base64Of = blob => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  const tooLarge = size => ({ error: `larger than ${maxMediaBytes} bytes`, size });
  const mediaOf = async m => {
    if (m.size > maxMediaBytes) return tooLarge(m.size);
    let timeout;
    try {
      const blob = await Promise.race([
        WPP.chat.downloadMedia(m.id),
        new Promise((_, reject) => { timeout = setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_MS / 1000} s`)), DOWNLOAD_MS); }),
      ]);
      if (blob.size > maxMediaBytes) return tooLarge(blob.size);
      return { data: await base64Of(blob), mimetype: blob.type || m.mimetype, size: blob.size };
    } catch (e) {
      return { error: `download failed: ${String(e?.message ?? e)}` };
    } finally {
      clearTimeout(timeout);
    }
  };
  // WhatsApp names more and more people by a LID (…@lid) instead of their phone number (…@c.us), and learns which
  // number a LID stands for later (or never). Messages and chats of a person leave with both ids WhatsApp knows at
  // that moment, so the engine keeps one chat per person under the number. A failed lookup leaves them with the id
  // they came under.
  const isPerson = chatId => chatId?.endsWith('@c.us') || chatId?.endsWith('@lid');
  const withIdentity = async (payload, chatId) => {
    if (!isPerson(chatId)) return payload;
    try {
      const entry = await WPP.contact.getPnLidEntry(chatId);
      return { ...payload, lid: id(entry?.lid), phone: id(entry?.phoneNumber) };
    } catch {
      return payload;
    }
  };
  // In a group the author is a person: their number leaves beside the id they wrote under, when WhatsApp knows it.
  const identify = async payload => {
    const p = await withIdentity(payload, payload.chatId);
    if (!isPerson(p.author)) return p;
    const author = await withIdentity({}, p.author);
    return { ...p, authorPhone: author.phone ?? null, authorLid: author.lid ?? null };
  };
  const emitMessage = m => {
    const payload = message(m);
    const identified = identify(payload);
    emit('new_message', MEDIA_TYPES.has(payload.type)
      ? Promise.all([identified, mediaOf(payload)]).then(([p, media]) => ({ ...p, media }))
      : identified);
  };
  // WhatsApp Web counts a chat marked unread with nothing unread in it as unreadCount -1.
  const chat = c => ({
    id: id(c.id),
    name: c.name ?? c.formattedTitle ?? null,
    unreadCount: Math.max(c.unreadCount ?? 0, 0),
    markedUnread: c.unreadCount === -1,
    archived: c.archive === true,
    t: c.t ?? 0,
    isGroup: c.isGroup === true,
  });
  // A handler that throws must not break WPP's own emitter; the engine hears about it instead.
  const on = handler => (...args) => {
    try { handler(...args); } catch (e) { emit('bridge_error', String(e?.message ?? e)); }
  };
  const state = () => ({
    authenticated: WPP.conn.isAuthenticated() === true,
    mainReady: WPP.conn.isMainReady() === true,
    me: id(WPP.conn.getMyUserId()),
  });
  // Every call answers {r: result, e: events batch or null}; a call that throws keeps the queue for the next one.
  const json = value => {
    lastCallAt = performance.now();
    return JSON.stringify({ r: value ?? null, e: drain() });
  };

  WPP.on('conn.auth_code_change', on(code => emit('auth_code_change', code ? { fullCode: code.fullCode } : null)));
  WPP.on('conn.authenticated', on(() => emit('authenticated')));
  WPP.on('conn.main_ready', on(() => emit('main_ready')));
  WPP.on('conn.logout', on(() => emit('logout')));
  WPP.on('conn.logout_reason', on(reason => emit('logout_reason', String(reason))));
  // The echo of a message this bridge sent (chat.new_message with fromMe) tells the engine nothing it does not know,
  // and storing it costs the engine a round of database work per message. WhatsApp raises the echo before the send
  // resolves, so own messages seen while a send is in flight are parked until it resolves: the one it sent is
  // dropped, any other (typed on the phone, sent by another linked device) is passed on then.
  const sentHere = new Set();
  const parked = new Map();
  let sending = 0;
  const sendHere = async send => {
    sending++;
    try {
      const r = await send();
      const sent = id(r.id);
      if (!parked.delete(sent)) {
        sentHere.add(sent);
        if (sentHere.size > 1000) sentHere.delete(sentHere.values().next().value);
      }
      return { id: sent, ack: r.ack ?? 0 };
    } finally {
      if (--sending === 0) {
        for (const m of parked.values()) emitMessage(m);
        parked.clear();
      }
    }
  };
  WPP.on('chat.new_message', on(m => {
    // A group's notifications (type gp2) are not messages: a new subject or description leaves as a group update.
    if (m.type === 'gp2') {
      if (m.subtype === 'subject' || m.subtype === 'description')
        emit('group_updated', { groupId: id(m.id?.remote), change: m.subtype, value: m.body ?? null, author: id(m.author) });
      return;
    }
    if (m.id?.fromMe === true) {
      if (sentHere.delete(id(m.id))) return;
      if (sending > 0) { parked.set(id(m.id), m); return; }
    }
    emitMessage(m);
  }));
  WPP.on('chat.msg_ack_change', on(e => emit('ack_change', { ack: e.ack, chatId: id(e.chat), ids: (e.ids ?? []).map(id) })));
  WPP.on('chat.presence_change', on(p => emit('presence', { chatId: id(p.id), state: p.state ?? null, isOnline: p.isOnline === true })));
  WPP.on('chat.new_reaction', on(r => emit('reaction', {
    messageId: id(r.msgId),
    chatId: id(r.msgId?.remote),
    sender: id(r.sender),
    fromMe: r.id?.fromMe === true,
    reaction: r.reactionText ?? '',
    timestamp: r.timestamp ?? 0,
  })));
  WPP.on('chat.msg_edited', on(e => emit('edited', message(e.msg))));
  // Typed as localIds (number[]); WhatsApp Web hands over the chosen options themselves ({ name, localId }), each at
  // its localId, holes between. Both leave as indexes, with the voter's ids as WhatsApp knows them.
  WPP.on('chat.poll_response', on(e => {
    const vote = {
      msgId: id(e.msgId),
      chatId: id(e.chatId),
      sender: id(e.sender),
      selectedOptions: Array.from(e.selectedOptions ?? []).filter(o => o != null).map(o => typeof o === 'number' ? o : o.localId),
    };
    emit('poll_vote', withIdentity(vote, vote.sender));
  }));
  // Participants leave with the number WhatsApp knows beside the id it named them by (a LID in LID-addressed groups).
  const member = async wid => {
    const p = await withIdentity({ id: wid }, wid);
    return { id: p.id, phone: p.phone ?? null, lid: p.lid ?? null };
  };
  WPP.on('group.participant_changed', on(e => emit('group_participants', Promise.all((e.participants ?? []).map(p => member(id(p))))
    .then(participants => ({ groupId: id(e.groupId), action: e.action, author: id(e.author), participants })))));
  WPP.on('chat.msg_revoke', on(e => emit('revoke', { id: id(e.id), refId: id(e.refId), chatId: id(e.id?.remote ?? e.from) })));

  const refusable = async call => {
    try {
      return json({ ok: await call() });
    } catch (e) {
      if (typeof e?.code === 'string') return json({ refused: e.code, message: String(e.message ?? e.code) });
      throw e;
    }
  };
  const addResults = results => Object.values(results ?? {}).map(r => ({ id: id(r.wid), code: Number(r.code), message: r.message ?? null }));

  window.__whatsPortal = {
    state: () => json(state()),
    // A health probe that needs WPP's promises to settle, not only the page's JS thread to run.
    probe: async () => {
      const s = state();
      if (s.mainReady) await WPP.chat.list({ count: 1 });
      return json(s);
    },
    authCode: async () => {
      const code = await WPP.conn.getAuthCode();
      return json(code ? { fullCode: code.fullCode } : null);
    },
    pairingCode: async phone => json(await WPP.conn.genLinkDeviceCodeForPhoneNumber(phone)),
    logout: async () => json(await WPP.conn.logout()),
    queryExists: async chatId => {
      const found = await WPP.contact.queryExists(chatId);
      return json(found ? { id: id(found.wid) } : null);
    },
    subscribePresence: async ids => json((await WPP.contact.subscribePresence(ids)).map(id)),
    chatState: async (chatId, state) => {
      if (state === 'composing') await WPP.chat.markIsComposing(chatId);
      else if (state === 'recording') await WPP.chat.markIsRecording(chatId);
      else await WPP.chat.markIsPaused(chatId);
      return json(true);
    },
    setBlocked: async (chatId, blocked) => {
      const result = blocked ? await WPP.blocklist.blockContact(chatId) : await WPP.blocklist.unblockContact(chatId);
      return json(result.isBlocked === true);
    },
    profilePictureUrl: async chatId => json((await WPP.contact.getProfilePictureUrl(chatId, true)) ?? null),
    isBlocked: chatId => json(WPP.blocklist.isBlocked(chatId) === true),
    sendText: async (chatId, text, quotedId, mentions) =>
      json(await sendHere(() => WPP.chat.sendTextMessage(chatId, text, {
        ...(quotedId ? { quotedMsg: quotedId } : {}),
        ...(mentions?.length ? { mentionedList: mentions } : {}),
      }))),
    react: async (messageId, reaction) => json((await WPP.chat.sendReactionToMessage(messageId, reaction || false))?.sendMsgResult ?? null),
    edit: async (messageId, text) => json(id((await WPP.chat.editMessage(messageId, text))?.id)),
    revoke: async (chatId, messageId) => json((await WPP.chat.deleteMessage(chatId, messageId, false, true))?.isRevoked === true),
    sendFile: async (chatId, dataUrl, options) => json(await sendHere(() => WPP.chat.sendFileMessage(chatId, dataUrl, options))),
    sendLocation: async (chatId, place) => json(await sendHere(() => WPP.chat.sendLocationMessage(chatId, place))),
    sendContacts: async (chatId, contacts) => json(await sendHere(() => WPP.chat.sendVCardContactMessage(chatId, contacts))),
    sendPoll: async (chatId, poll) =>
      json(await sendHere(() => WPP.chat.sendCreatePollMessage(chatId, poll.name, poll.choices, { selectableCount: poll.selectableCount }))),
    markRead: async chatId => json(id((await WPP.chat.markIsRead(chatId))?.wid)),
    markUnread: async chatId => json(id((await WPP.chat.markIsUnread(chatId))?.wid)),
    // wa-js refuses to archive a chat that is archived (archive_error) or to unarchive one that is not: what the caller
    // wanted is then already so.
    setArchived: async (chatId, archived) => {
      try {
        if (archived) await WPP.chat.archive(chatId);
        else await WPP.chat.unarchive(chatId);
      } catch (e) {
        if (e?.code !== (archived ? 'archive_error' : 'unarchive_error')) throw e;
      }
      return json(archived);
    },
    listChats: async count => json(await Promise.all((await WPP.chat.list({ count })).map(chat).map(c => withIdentity(c, c.id)))),
    getMessages: async (chatId, count) =>
      json(await Promise.all((await WPP.chat.getMessages(chatId, { count })).filter(m => m.type !== 'gp2').map(message).map(identify))),
    // Group calls answer WhatsApp's refusal as a value ({ refused: wa-js's code, message }), so the engine tells
    // "not an admin" from "no such group"; anything else rejects as other calls do.
    groups: async () => json((await WPP.group.getAllGroups()).filter(Boolean)
      .map(g => ({ id: id(g.id), subject: g.groupMetadata?.subject ?? g.name ?? null }))),
    group: groupId => refusable(async () => {
      const participants = await WPP.group.getParticipants(groupId);
      const group = (await WPP.group.getAllGroups()).find(g => id(g?.id) === groupId);
      return {
        id: groupId,
        subject: group?.groupMetadata?.subject ?? group?.name ?? null,
        description: group?.groupMetadata?.desc ?? null,
        participants: await Promise.all(participants.map(async p => ({
          ...(await member(id(p.id))), isAdmin: p.isAdmin === true, isSuperAdmin: p.isSuperAdmin === true,
        }))),
      };
    }),
    createGroup: (subject, ids) => refusable(async () => {
      const created = await WPP.group.create(subject, ids);
      return { id: id(created.gid), participants: addResults(created.participants) };
    }),
    addParticipants: (groupId, ids) => refusable(async () => addResults(await WPP.group.addParticipants(groupId, ids))),
    changeParticipants: (operation, groupId, ids) => refusable(async () => {
      if (operation === 'remove') await WPP.group.removeParticipants(groupId, ids);
      else if (operation === 'promote') await WPP.group.promoteParticipants(groupId, ids);
      else await WPP.group.demoteParticipants(groupId, ids);
      return true;
    }),
    setGroupProperty: (groupId, property, value) => refusable(async () =>
      property === 'subject' ? WPP.group.setSubject(groupId, value) : WPP.group.setDescription(groupId, value)),
    inviteCode: (groupId, revoke) => refusable(() => revoke ? WPP.group.revokeInviteCode(groupId) : WPP.group.getInviteCode(groupId)),
    leaveGroup: groupId => refusable(async () => {
      await WPP.group.leave(groupId);
      return true;
    }),
  };
})();
