// Visitor page service worker (VIS-9), scope /p/. Pages and chat data always come from the network
// (a stale chat is worse than none); when the network is down, a navigation gets a short offline
// page instead of the browser's error, and the page's scripts and CSS come from the cache.
const CACHE = 'visitor-v1';
const OFFLINE_HTML =
  '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<title>Offline</title><body><main><h1>You are offline</h1><p>Your chat is saved. It will be here when you are back online.</p></main></body></html>';

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(
        () => new Response(OFFLINE_HTML, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
      ),
    );
    return;
  }
  // Versioned assets never change under their URL: cache-first is safe.
  if (url.pathname.startsWith('/static/visitor/') && url.searchParams.has('v')) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
  }
});
