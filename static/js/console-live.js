// Live admin/manager consoles (ADMIN-1): one socket on the staff topic; any chat, assignment or
// presence event asks the regions marked data-live-refresh to reload themselves (debounced).
// Loaded as a classic script (strict CSP, same origin); the realtime client is an ES module.
(() => {
  const REFRESH_DELAY_MS = 400;
  if (!document.querySelector('[data-live-refresh]')) return;
  import('/static/js/realtime-client.js').then(({ connectRealtime }) => {
    let timer;
    const refresh = () => {
      for (const region of document.querySelectorAll('[data-live-refresh]')) {
        window.htmx.trigger(region, 'live-refresh');
      }
    };
    connectRealtime({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      onEvent: () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, REFRESH_DELAY_MS);
      },
    });
  });
})();
