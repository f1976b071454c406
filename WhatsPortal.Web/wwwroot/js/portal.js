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
})();
