/** The third argument of app.request(): what hono/bun's getConnInfo reads as the TCP peer. */
export const fromPeer = (address: string) => ({
  server: { requestIP: () => ({ address, family: address.includes(':') ? 'IPv6' : 'IPv4', port: 40000 }) },
});

export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36';
