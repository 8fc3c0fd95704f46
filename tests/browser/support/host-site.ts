import type { Page } from 'playwright-core';

/**
 * A customer's website for the widget tests: a second origin (`http://localhost:P2` while the app
 * is on `http://127.0.0.1:P`), serving the pages a test registers and recording every request it
 * receives (so a form's own submit can be compared with and without lead-form.js).
 */
export interface HostSite {
  origin: string;
  page(path: string, html: string, headers?: Record<string, string>): void;
  file(path: string, body: string, type: string): void;
  requests: RecordedRequest[];
  stop(): void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

export function startHostSite(): HostSite {
  const routes = new Map<string, { body: string; headers: Record<string, string> }>();
  const requests: RecordedRequest[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      requests.push({
        method: req.method,
        path: `${url.pathname}${url.search}`,
        contentType: req.headers.get('Content-Type') ?? '',
        body: req.method === 'GET' ? '' : await req.text(),
      });
      const route = routes.get(url.pathname);
      if (!route)
        return new Response('<!DOCTYPE html><title>Thanks</title><p>Thanks!</p>', {
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        });
      return new Response(route.body, { headers: route.headers });
    },
  });
  return {
    origin: `http://localhost:${server.port}`,
    page(path, html, headers = {}) {
      routes.set(path, { body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers } });
    },
    file(path, body, type) {
      routes.set(path, { body, headers: { 'Content-Type': type } });
    },
    requests,
    stop: () => void server.stop(true),
  };
}

/** A host page as a site owner writes it: some content and the pasted snippet. */
export function hostPage(options: { title: string; head?: string; body?: string; snippet: string }): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>${options.head ?? ''}</head>
<body><header><h1>${options.title}</h1></header><main><p>Solar panels for every roof.</p>${options.body ?? ''}</main>
${options.snippet}
</body></html>`;
}

/**
 * Share of pixels that differ by more than `threshold` in any channel between two screenshots of
 * the same size, decoded by the browser itself (no image library needed).
 */
export async function pixelDifference(page: Page, a: Buffer, b: Buffer, threshold = 24): Promise<number> {
  return page.evaluate(
    async ({ first, second, limit }) => {
      const decode = async (base64: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
      };
      const [x, y] = await Promise.all([decode(first), decode(second)]);
      if (x.width !== y.width || x.height !== y.height) return 1;
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        for (let channel = 0; channel < 3; channel++) {
          if (Math.abs((x.data[i + channel] ?? 0) - (y.data[i + channel] ?? 0)) > limit) {
            differing++;
            break;
          }
        }
      }
      return differing / (x.width * x.height);
    },
    { first: a.toString('base64'), second: b.toString('base64'), limit: threshold },
  );
}
