// The simulator's WhatsApp Web page: defines window.WPP with the shapes of @wppconnect/wa-js (see
// docs/wpp-contract.md) on top of a WebSocket to the simulated network. Device credentials live in
// IndexedDB, as WhatsApp Web keeps its keys, so a persistent browser profile carries the session.
(() => {
  'use strict';

  const DB_NAME = 'whatsportal-simulator';
  const STORE = 'session';
  const CREDENTIALS_KEY = 'credentials';

  const listeners = new Map();
  const pending = new Map();
  const state = {
    socket: null,
    connected: false,       // the socket is open and the network accepted this page
    authenticated: false,   // credentials are stored (true even while offline, as in WhatsApp Web)
    mainReady: false,
    me: null,
    pushname: null,
    authCode: null,
    attemptsEnded: false,
    frozen: false,
    thaw: null,             // while frozen: { promise, release } that unfreezing resolves
    frozenInbox: [],
    nextRequestId: 1,
    conflict: false,         // another connection of this device replaced this one
    restartAfterClose: false, // logged out: start a fresh QR session once the socket closes
    status: 'loading',
    recent: [],
    blocked: new Set(),      // wids the account blocked; WhatsApp syncs the list to every device
    pnLid: new Map(),        // complete LID/number entries WPP.contact.getPnLidEntry already answered
  };

  // Resolves once the server told this page what it is (showing a QR, a connected device, or offline).
  // A logout starts over: callers then wait for the next answer, even if one was still awaited.
  const phase = { settled: false, resolve: null, promise: null };
  function unsettle() {
    if (phase.promise && !phase.settled) return;
    phase.settled = false;
    phase.promise = new Promise((resolve) => { phase.resolve = resolve; });
  }
  function settle() {
    phase.settled = true;
    phase.resolve();
  }
  unsettle();

  // --- wa-js value shapes ---------------------------------------------------------------------

  function toId(x) {
    return typeof x === 'string' ? x : (x?._serialized ?? String(x));
  }

  function wid(serialized) {
    if (serialized == null) return undefined;
    const text = toId(serialized);
    const at = text.indexOf('@');
    return {
      server: at < 0 ? 'c.us' : text.slice(at + 1),
      user: at < 0 ? text : text.slice(0, at),
      _serialized: at < 0 ? `${text}@c.us` : text,
      toString() { return this._serialized; },
    };
  }

  // The PnLidWid shape of WPP.contact.getPnLidEntry: { id, server, _serialized }.
  function pnLidWid(serialized) {
    const w = wid(serialized);
    return { id: w.user, server: w.server, _serialized: w._serialized };
  }

  function msgKey(key) {
    const remote = wid(key.remote);
    return {
      fromMe: key.fromMe,
      remote,
      id: key.id,
      _serialized: `${key.fromMe}_${remote._serialized}_${key.id}`,
      toString() { return this._serialized; },
    };
  }

  function message(m) {
    const result = { ...m, id: msgKey(m.id), from: wid(m.from), to: wid(m.to) };
    if (m.author) result.author = wid(m.author);
    if (m.quotedParticipant) result.quotedParticipant = wid(m.quotedParticipant);
    return result;
  }

  function chat(c) {
    return { ...c, id: wid(c.id) };
  }

  // --- events -------------------------------------------------------------------------------

  function on(name, handler) {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(handler);
  }

  function off(name, handler) {
    listeners.get(name)?.delete(handler);
  }

  function emit(name, arg) {
    for (const handler of [...(listeners.get(name) ?? [])]) {
      try { handler(arg); } catch (e) { console.error(`WPP handler for ${name} failed`, e); }
    }
  }

  // --- credentials in IndexedDB -------------------------------------------------------------

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, action) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const loadCredentials = () => withStore('readonly', (s) => s.get(CREDENTIALS_KEY));
  const saveCredentials = (c) => withStore('readwrite', (s) => s.put(c, CREDENTIALS_KEY));
  const clearCredentials = () => withStore('readwrite', (s) => s.delete(CREDENTIALS_KEY));

  // --- the socket -----------------------------------------------------------------------------

  async function connect() {
    const credentials = await loadCredentials();
    if (credentials) {
      state.authenticated = true;
      state.me = credentials.wid;
    }
    // Ready once the stored session is known, as WhatsApp Web is: before, conn.isAuthenticated() could still say
    // false for a linked device that had just been reopened.
    WPP.isReady = true;
    const url = new URL('../ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    state.socket = socket;
    setStatus('connecting');
    // Messages are handled one after another, so storing credentials finishes before later events run.
    let inbox = Promise.resolve();
    socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', credentials: credentials ?? null }));
    socket.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      inbox = inbox.then(() => receive(msg)).catch((err) => console.error('simulator page: handling failed', err));
    };
    socket.onclose = () => {
      inbox = inbox.then(() => closed(socket));
    };
  }

  async function receive(msg) {
    if (msg.type === 'unfreeze') {
      state.frozen = false;
      state.thaw?.release();
      state.thaw = null;
      render();
      const held = state.frozenInbox.splice(0);
      for (const m of held) await receive(m);
      return;
    }
    if (state.frozen) {
      state.frozenInbox.push(msg);
      return;
    }
    switch (msg.type) {
      case 'qr':
        state.authCode = msg.authCode;
        state.attemptsEnded = false;
        setStatus('qr');
        settle();
        emit('conn.auth_code_change', state.authCode);
        break;
      case 'qr_ended':
        state.authCode = null;
        state.attemptsEnded = true;
        setStatus('qr attempts ended: reload to try again');
        emit('conn.auth_code_change', null);
        break;
      case 'linked':
        await saveCredentials(msg.credentials);
        state.authCode = null;
        emit('conn.auth_code_change', null);
        becomeReady(msg);
        break;
      case 'authenticated':
        becomeReady(msg);
        break;
      case 'logout':
        await loggedOut(msg.reason);
        break;
      case 'conflict':
        setStatus('conflict: this device was opened in another window');
        state.conflict = true;
        break;
      case 'freeze':
        freeze();
        render();
        break;
      case 'new_message': {
        const m = message(msg.message);
        remember(m);
        emit('chat.new_message', m);
        break;
      }
      case 'ack':
        emit('chat.msg_ack_change', {
          ack: msg.ack,
          chat: wid(msg.chat),
          ids: msg.ids.map(msgKey),
          ...(msg.sender ? { sender: wid(msg.sender) } : {}),
        });
        break;
      case 'revoke':
        emit('chat.msg_revoke', {
          from: wid(msg.from),
          to: wid(msg.to),
          id: msgKey(msg.id),
          refId: msgKey(msg.refId),
          type: msg.kind,
        });
        break;
      case 'reaction':
        emit('chat.new_reaction', {
          id: msgKey(msg.id),
          msgId: msgKey(msg.msgId),
          reactionText: msg.reactionText,
          read: msg.read,
          sender: wid(msg.sender),
          orphan: msg.orphan,
          orphanReason: null,
          timestamp: msg.timestamp,
        });
        break;
      case 'edited': {
        const m = message(msg.message);
        emit('chat.msg_edited', { chat: wid(msg.chat), id: m.id.id, msg: m });
        break;
      }
      case 'group_participants':
        emit('group.participant_changed', {
          author: msg.author,
          authorPushName: msg.authorPushName,
          groupId: msg.groupId,
          action: msg.action,
          operation: msg.operation,
          participants: msg.participants,
        });
        break;
      case 'blocklist':
        state.blocked = new Set(msg.blocked);
        break;
      case 'poll_response': {
        // Like WhatsApp Web: the chosen options themselves ({ name, localId }), each at its localId.
        const selectedOptions = [];
        for (const option of msg.selectedOptions) selectedOptions[option.localId] = option;
        emit('chat.poll_response', {
          msgId: msgKey(msg.msgId),
          chatId: wid(msg.chatId),
          selectedOptions,
          timestamp: msg.timestamp,
          sender: wid(msg.sender),
        });
        break;
      }
      case 'presence':
        emit('chat.presence_change', {
          id: wid(msg.id),
          isOnline: msg.state !== 'unavailable',
          isGroup: false,
          isUser: true,
          shortName: msg.shortName,
          state: msg.state,
          t: msg.t,
        });
        break;
      case 'res': {
        const request = pending.get(msg.id);
        pending.delete(msg.id);
        if (!request) break;
        if (msg.ok) request.resolve(msg.result ?? null);
        else request.reject(Object.assign(new Error(msg.error), msg.code ? { code: msg.code } : {}));
        break;
      }
    }
  }

  function becomeReady(msg) {
    state.blocked = new Set(msg.blocked ?? []);
    state.connected = true;
    state.authenticated = true;
    state.me = msg.me;
    state.pushname = msg.pushname;
    if (msg.frozen) freeze();
    state.mainReady = true;
    setStatus('connected');
    settle();
    emit('conn.authenticated');
    emit('conn.main_ready');
  }

  async function loggedOut(reason) {
    await clearCredentials();
    state.authenticated = false;
    state.mainReady = false;
    state.connected = false;
    state.me = null;
    state.pushname = null;
    state.pnLid.clear();
    emit('conn.logout_reason', reason);
    emit('conn.logout');
    // Like WhatsApp Web after a logout, start over with a fresh QR (on a new socket, once this one closes).
    state.restartAfterClose = true;
  }

  function closed(socket) {
    if (state.socket !== socket) return;
    state.connected = false;
    state.mainReady = false;
    for (const request of pending.values()) request.reject(new Error('not connected'));
    pending.clear();
    if (state.restartAfterClose) {
      state.restartAfterClose = false;
      unsettle();
      connect();
      return;
    }
    // Offline until reloaded, as the contract says: no automatic reconnect.
    settle();
    setStatus(state.conflict ? 'conflict: this device was opened in another window' : 'offline: reload the page to reconnect');
  }

  // Fault injection: a frozen page answers nothing; calls made meanwhile wait and run once it is unfrozen.
  function freeze() {
    state.frozen = true;
    if (!state.thaw) {
      let release;
      const promise = new Promise((resolve) => { release = resolve; });
      state.thaw = { promise, release };
    }
  }

  function frozenGuard(fn) {
    return (...args) => (state.frozen ? state.thaw.promise.then(() => fn(...args)) : fn(...args));
  }

  function request(op, args) {
    if (state.frozen) return state.thaw.promise.then(() => request(op, args));
    if (!state.connected) {
      return Promise.reject(new Error(state.authenticated ? 'not connected' : 'not logged in'));
    }
    const id = state.nextRequestId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      state.socket.send(JSON.stringify({ type: 'req', id, op, args }));
    });
  }

  // Same as request, but before the page is linked (pairing codes need the QR session's socket).
  function requestWhileLinking(op, args) {
    if (state.frozen) return state.thaw.promise.then(() => requestWhileLinking(op, args));
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = state.nextRequestId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      state.socket.send(JSON.stringify({ type: 'req', id, op, args }));
    });
  }

  // --- the WPP surface ------------------------------------------------------------------------

  async function setBlocked(chatId, blocked) {
    const result = await request(blocked ? 'blockContact' : 'unblockContact', { chatId: toId(chatId) });
    if (result.isBlocked) state.blocked.add(result.wid);
    else state.blocked.delete(result.wid);
    return { wid: wid(result.wid), isBlocked: result.isBlocked };
  }

  // A message may be named by a serialized MsgKey, a MsgKey, or a MsgModel (whose id is its MsgKey).
  function messageId(x) {
    return toId(typeof x === 'object' && x?.id && typeof x.id === 'object' ? x.id : x);
  }

  // WPP.chat.deleteMessage: with revoke, deleted for everyone (the sender's own messages only).
  async function deleteMessage(chatId, ids, deleteMediaInDevice, revoke) {
    if (!revoke) throw new Error('the simulator only deletes messages for everyone (revoke = true)');
    const results = [];
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      results.push(await request('revoke', { chatId: toId(chatId), id: messageId(id) }));
    }
    return Array.isArray(ids) ? results : results[0];
  }

  async function chatState(chatId, value, duration) {
    await request('chatState', { chatId: toId(chatId), state: value });
    if (duration > 0) setTimeout(() => request('chatState', { chatId: toId(chatId), state: 'paused' }).catch(() => {}), duration);
  }

  // wa-js's add results carry its message for each code.
  const ADD_MESSAGES = {
    200: 'OK',
    403: "Can't join this group because the number was restricted it.",
    409: "Can't join this group because the number is already a member of it.",
  };
  function addResults(results) {
    return Object.fromEntries(Object.entries(results).map(([key, r]) =>
      [key, { ...r, message: ADD_MESSAGES[r.code] ?? "Can't Join., unknown error" }]));
  }
  const ids = (x) => (Array.isArray(x) ? x : [x]).map(toId);
  const changeParticipants = (op) => async (groupId, participantsIds) => {
    await request(op, { groupId: toId(groupId), participants: ids(participantsIds) });
  };
  const setGroupProperty = (property) => async (groupId, value) => {
    await request('setGroupProperty', { groupId: toId(groupId), property, value: String(value ?? '') });
    return true;
  };

  const WPP = {
    isReady: false,
    on,
    off,
    conn: {
      isAuthenticated: () => state.authenticated,
      isMainReady: () => state.mainReady,
      getMyUserId: () => (state.authenticated && state.me ? wid(state.me) : undefined),
      getAuthCode: frozenGuard(async () => {
        await phase.promise;
        return state.authenticated || state.attemptsEnded ? null : state.authCode;
      }),
      genLinkDeviceCodeForPhoneNumber: frozenGuard(async (phone) => {
        await phase.promise;
        if (state.authenticated) throw new Error('already authenticated');
        return requestWhileLinking('pairingCode', { phone: toId(phone) });
      }),
      logout: frozenGuard(async () => {
        if (!state.authenticated) return false;
        if (!state.connected) {
          await loggedOut('user_initiated');
          state.restartAfterClose = false;
          unsettle();
          connect();
          return true;
        }
        await request('logout', {});
        return true;
      }),
    },
    chat: {
      sendTextMessage: (chatId, text, options) =>
        request('sendText', {
          chatId: toId(chatId),
          text: String(text ?? ''),
          ...(options?.quotedMsg ? { quotedMsg: messageId(options.quotedMsg) } : {}),
          ...(options?.mentionedList?.length ? { mentionedList: options.mentionedList.map(toId) } : {}),
        }),
      // A false or null reaction removes this account's reaction, as an empty one does.
      sendReactionToMessage: (id, reaction) => request('react', { id: messageId(id), reaction: reaction ? String(reaction) : '' }),
      editMessage: (id, newText) => request('edit', { id: messageId(id), text: String(newText ?? '') }),
      deleteMessage,
      sendFileMessage: (chatId, content, options) =>
        request('sendFile', {
          chatId: toId(chatId),
          content,
          type: options?.type,
          caption: options?.caption,
          filename: options?.filename,
          mimetype: options?.mimetype,
          isPtt: options?.isPtt === true,
        }),
      // wa-js takes lat/lng as numbers or their text, and writes name and address on two lines of the message's loc.
      sendLocationMessage: (chatId, options) =>
        request('sendLocation', { chatId: toId(chatId), lat: options?.lat, lng: options?.lng, name: options?.name, address: options?.address }),
      // One contact ({ id, name }), a bare id, or a list of them; WhatsApp Web writes one vCard per contact.
      sendVCardContactMessage: (chatId, contacts) =>
        request('sendVCard', {
          chatId: toId(chatId),
          contacts: (Array.isArray(contacts) ? contacts : [contacts])
            .map((c) => (typeof c === 'object' && c !== null && 'name' in c ? { id: toId(c.id), name: String(c.name) } : { id: toId(c), name: '' })),
        }),
      sendCreatePollMessage: (chatId, name, choices, options) =>
        request('sendPoll', { chatId: toId(chatId), name: String(name ?? ''), choices: (choices ?? []).map(String), selectableCount: options?.selectableCount ?? 0 }),
      markIsRead: async (chatId) => {
        const result = await request('markIsRead', { chatId: toId(chatId) });
        return { wid: wid(result.wid), unreadCount: result.unreadCount };
      },
      // Like wa-js: archiving an archived chat rejects with code 'archive_error' (unarchiving, 'unarchive_error').
      archive: async (chatId, archive = true) => {
        const result = await request(archive ? 'archive' : 'unarchive', { chatId: toId(chatId) });
        return { wid: wid(result.wid), archive: result.archive };
      },
      unarchive: (chatId) => WPP.chat.archive(chatId, false),
      markIsUnread: async (chatId) => ({ wid: wid((await request('markIsUnread', { chatId: toId(chatId) })).wid) }),
      list: async (options) => (await request('listChats', options ?? {})).map(chat),
      getMessages: async (chatId, options) =>
        (await request('getMessages', { chatId: toId(chatId), ...(options ?? {}) })).map(message),
      // Like wa-js: with a duration the state lasts that long, then the chat shows paused.
      markIsComposing: (chatId, duration) => chatState(chatId, 'composing', duration),
      markIsRecording: (chatId, duration) => chatState(chatId, 'recording', duration),
      markIsPaused: (chatId) => chatState(chatId, 'paused'),
      downloadMedia: async (id) => {
        const media = await request('downloadMedia', { id: toId(id) });
        return new Blob([Uint8Array.from(atob(media.data), (c) => c.charCodeAt(0))], { type: media.mimetype });
      },
    },
    // Only admins change a group: others get wa-js's WPPError with code group_you_are_not_admin.
    group: {
      create: async (groupName, participantsIds) => {
        const result = await request('createGroup', { subject: String(groupName ?? ''), participants: ids(participantsIds) });
        return { gid: wid(result.gid), participants: result.participants };
      },
      getAllGroups: async () => (await request('listGroups', {})).map(chat),
      getParticipants: async (groupId) =>
        (await request('groupParticipants', { groupId: toId(groupId) })).map((p) => ({ ...p, id: wid(p.id) })),
      addParticipants: async (groupId, participantsIds) =>
        addResults(await request('addParticipants', { groupId: toId(groupId), participants: ids(participantsIds) })),
      removeParticipants: changeParticipants('removeParticipants'),
      promoteParticipants: changeParticipants('promoteParticipants'),
      demoteParticipants: changeParticipants('demoteParticipants'),
      setSubject: setGroupProperty('subject'),
      setDescription: setGroupProperty('description'),
      getInviteCode: (groupId) => request('inviteCode', { groupId: toId(groupId) }),
      revokeInviteCode: (groupId) => request('inviteCode', { groupId: toId(groupId), revoke: true }),
      leave: async (groupId) => {
        await request('leaveGroup', { groupId: toId(groupId) });
      },
    },
    // wa-js reads the blocklist the device holds: isBlocked and all answer synchronously.
    blocklist: {
      blockContact: (chatId) => setBlocked(chatId, true),
      unblockContact: (chatId) => setBlocked(chatId, false),
      isBlocked: (chatId) => state.blocked.has(wid(chatId)._serialized),
      all: () => [...state.blocked].map((w) => wid(w)),
    },
    contact: {
      // A link on the network's picture host, as WhatsApp's are on its CDN; null when the contact has no picture.
      getProfilePictureUrl: async (contactId) => {
        const path = await request('profilePicturePath', { id: toId(contactId) });
        return path ? new URL(`../${path}`, location.href).href : null;
      },
      subscribePresence: async (ids) =>
        (await request('subscribePresence', { ids: (Array.isArray(ids) ? ids : [ids]).map(toId) })).map(wid),
      queryExists: async (id) => {
        const result = await request('queryExists', { id: toId(id) });
        return result ? { wid: wid(result.wid), biz: result.biz } : null;
      },
      // WhatsApp Web answers from its LID/number cache; a complete entry never changes, so it is kept here too.
      getPnLidEntry: async (id) => {
        const key = toId(id);
        const cached = state.pnLid.get(key);
        if (cached) return cached;
        const entry = await request('pnLidEntry', { id: key });
        const result = {
          ...(entry.lid ? { lid: pnLidWid(entry.lid) } : {}),
          ...(entry.phoneNumber ? { phoneNumber: pnLidWid(entry.phoneNumber) } : {}),
          ...(entry.contact ? { contact: entry.contact } : {}),
        };
        if (result.lid && result.phoneNumber) {
          state.pnLid.set(result.lid._serialized, result);
          state.pnLid.set(result.phoneNumber._serialized, result);
        }
        return result;
      },
    },
  };

  // --- what a person sees ---------------------------------------------------------------------

  function setStatus(status) {
    state.status = status;
    render();
  }

  function remember(m) {
    state.recent.push(m);
    if (state.recent.length > 8) state.recent.shift();
    render();
  }

  function render() {
    const el = (id) => document.getElementById(id);
    if (!el('status')) return;
    el('status').textContent = state.frozen ? `${state.status} (frozen)` : state.status;
    el('account').textContent = state.me ? `${state.pushname ?? ''} +${wid(state.me).user}`.trim() : 'not linked';
    el('qr').textContent = state.authCode?.fullCode ?? '';
    el('qr-box').hidden = !state.authCode;
    const list = el('recent');
    list.replaceChildren(...state.recent.map((m) => {
      const li = document.createElement('li');
      const who = m.id.fromMe ? 'you' : (m.notifyName ?? `+${m.from.user}`);
      li.textContent = `${who}: ${m.type === 'chat' ? m.body : `[${m.type}] ${m.filename ?? m.pollName ?? m.vcardFormattedName ?? m.loc ?? ''} ${m.caption ?? ''}`}`;
      return li;
    }));
  }

  window.WPP = WPP;
  document.addEventListener('DOMContentLoaded', render);
  connect().catch((e) => {
    console.error('simulator page: could not start', e);
    setStatus(`failed to start: ${e.message}`);
  });
})();
