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

  // An open thread keeps its newest message in view as live ones arrive.
  document.addEventListener('htmx:oobAfterSwap', function (e) {
    const thread = e.detail.target.closest ? e.detail.target.closest('.thread') : null;
    if (thread) thread.scrollTop = thread.scrollHeight;
  });
  window.addEventListener('load', function () {
    document.querySelectorAll('.thread').forEach(function (t) { t.scrollTop = t.scrollHeight; });
  });
})();
