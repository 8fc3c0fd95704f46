// Agent console service worker (AGENT-5): shows notifications the page asks for, and a click
// focuses an open console (or opens one) on that chat. It caches nothing: staff pages are live.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const conversationId = event.notification.data?.conversationId ?? null;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const console = windows.find((client) => new URL(client.url).pathname.startsWith('/agent'));
      if (console) {
        await console.focus();
        console.postMessage({ type: 'open-chat', conversationId });
        return;
      }
      const url = conversationId ? `/agent?chat=${encodeURIComponent(conversationId)}` : '/agent';
      await self.clients.openWindow(url);
    })(),
  );
});
