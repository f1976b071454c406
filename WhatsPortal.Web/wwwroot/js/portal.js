// The portal's one script of its own, for what the server cannot know before the first page: the reader's time zone,
// so stored UTC times are shown as local ones (a user's saved zone wins; see UserClock).
(function () {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf('tz=' + zone) < 0)
      document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
  } catch { /* an old browser keeps UTC */ }
})();
