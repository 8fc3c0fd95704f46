import { join } from 'node:path';

/**
 * The visitor page's own assets, kept in memory pre-gzipped with a content hash, so the first
 * load stays inside SPEC PERF-4 (≤ 60 KB gzipped) and repeat loads are immutable cache hits.
 * The two scripts are bundled from src/visitors/client with Bun.build once per process (on the
 * first request, ~0.2 s); there is no committed build output to drift from its source.
 */
export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  contentType: string;
  hash: string;
}

export type AssetName = 'form.js' | 'chat.js' | 'visitor.css' | 'sw.js';

const root = join(import.meta.dir, '..', '..');
const clientDir = join(import.meta.dir, 'client');

function asset(body: Uint8Array<ArrayBuffer>, contentType: string): Asset {
  const hash = new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 12);
  return { body, gzipped: new Uint8Array(Bun.gzipSync(body, { level: 9 })), contentType, hash };
}

async function buildAssets(): Promise<Map<AssetName, Asset>> {
  const result = await Bun.build({
    entrypoints: [join(clientDir, 'form.ts'), join(clientDir, 'chat.ts')],
    target: 'browser',
    format: 'esm',
    minify: true,
    naming: '[name].js',
    // The realtime client is its own same-origin module (shared with the widget and consoles).
    external: ['/static/*'],
  });
  if (!result.success) throw new AggregateError(result.logs, 'visitor client bundle failed');
  const assets = new Map<AssetName, Asset>();
  for (const output of result.outputs) {
    const name = output.path.split('/').pop() as AssetName;
    assets.set(name, asset(new Uint8Array(await output.arrayBuffer()), 'text/javascript; charset=utf-8'));
  }
  const css = new Uint8Array(await Bun.file(join(root, 'static', 'visitor', 'visitor.css')).arrayBuffer());
  assets.set('visitor.css', asset(css, 'text/css; charset=utf-8'));
  const sw = new Uint8Array(await Bun.file(join(root, 'static', 'visitor', 'sw.js')).arrayBuffer());
  assets.set('sw.js', asset(sw, 'text/javascript; charset=utf-8'));
  return assets;
}

let built: Promise<Map<AssetName, Asset>> | undefined;

/** Built once per process; a failed build is retried on the next request rather than cached. */
export function visitorAssets(): Promise<Map<AssetName, Asset>> {
  built ??= buildAssets().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

/** `/static/visitor/form.js?v=…`: the hash makes the URL change whenever the content does. */
export async function assetUrls(): Promise<Record<AssetName, string>> {
  const assets = await visitorAssets();
  const url = (name: AssetName) => `/static/visitor/${name}?v=${assets.get(name)?.hash ?? '0'}`;
  return {
    'form.js': url('form.js'),
    'chat.js': url('chat.js'),
    'visitor.css': url('visitor.css'),
    'sw.js': url('sw.js'),
  };
}
