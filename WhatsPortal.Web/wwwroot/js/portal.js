// The portal's only script of its own: everything else is server-rendered and made live by htmx.
(function () {
  // The reader's time zone, so the server can show stored UTC times as local ones on the next request.
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf('tz=' + zone) < 0)
      document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
  } catch { /* an old browser keeps UTC */ }

  // Forms that destroy something ask first.
  document.addEventListener('submit', function (e) {
    const message = e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) e.preventDefault();
  });

  // The composer's paperclip shows that a file is attached, and which.
  document.addEventListener('change', function (e) {
    if (e.target.id !== 'attachment') return;
    const label = e.target.closest('label');
    const file = e.target.files.length > 0 ? e.target.files[0].name : null;
    label.classList.toggle('btn-success', file !== null);
    label.classList.toggle('btn-outline-secondary', file === null);
    label.title = file || label.dataset.emptyTitle || '';
  });

  // When the live stream reconnects, htmx reopens the same URL, whose after= anchor is the newest message the page
  // was rendered with, so the server sends again what this page already appended live. A bubble whose id (msg-<id>)
  // the thread already shows is dropped here; the rest still goes in.
  document.addEventListener('htmx:oobBeforeSwap', function (e) {
    const target = e.detail.target;
    if (!target.classList || !target.classList.contains('thread')) return;
    Array.from(e.detail.fragment.children).forEach(function (bubble) {
      if (bubble.id && document.getElementById(bubble.id)) bubble.remove();
    });
    if (e.detail.fragment.children.length === 0) e.detail.shouldSwap = false;
  });

  // An open thread keeps its newest message in view as live ones arrive.
  document.addEventListener('htmx:oobAfterSwap', function (e) {
    const thread = e.detail.target.closest ? e.detail.target.closest('.thread') : null;
    if (thread) thread.scrollTop = thread.scrollHeight;
  });
  window.addEventListener('load', function () {
    document.querySelectorAll('.thread').forEach(function (t) { t.scrollTop = t.scrollHeight; });
  });
})();
