import { join, relative } from 'node:path';

/**
 * The one way browser code reaches the browser (docs/decisions/0013): TypeScript entries are
 * bundled with Bun.build (one self-contained IIFE per entry: no module loader, no shared chunk to
 * race), kept in memory pre-gzipped with a content hash, and served from their public URLs. A
 * bundle is built on its first request (~0.2 s) and once per process; there is no committed build
 * output to drift from its source. Static files (CSS, service workers) may ride along, hashed and
 * gzipped the same way.
 */
export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  contentType: string;
  hash: string;
  /** Extra response headers (a service worker's Service-Worker-Allowed). */
  headers: Record<string, string>;
  /** Served at a fixed URL and never cached for long (service workers: their URL is their identity). */
  fixedUrl: boolean;
}

interface Source {
  path: string;
  kind: 'script' | 'file';
  headers?: Record<string, string>;
  fixedUrl?: boolean;
}

/** Paths are relative to the repository root (client/…, widget/…, static/…). */
export const script = (path: string, options: Pick<Source, 'headers'> = {}): Source => ({
  path,
  kind: 'script',
  ...options,
});
export const file = (path: string, options: Pick<Source, 'headers' | 'fixedUrl'> = {}): Source => ({
  path,
  kind: 'file',
  ...options,
});

/** Public name (the path under /static/, e.g. `visitor/form.js`) → its source. */
export type BundleSpec = Record<string, Source>;

export interface BundleOptions {
  /**
   * Import specifier → a repository path that stands in for it in this bundle only: one source
   * file built two ways (the widget's frame builds the visitor form without the phone metadata).
   */
  aliases?: Record<string, string>;
}

export interface AssetBundle<Name extends string = string> {
  /** The public names this bundle serves, known without building. */
  names: ReadonlySet<string>;
  assets(): Promise<Map<string, Asset>>;
  /** `/static/<name>?v=<hash>` per name: the URL changes whenever the content does. */
  urls(): Promise<Record<Name, string>>;
}

const ROOT = join(import.meta.dir, '..', '..');

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const contentTypeOf = (name: string) =>
  CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';

function asset(name: string, body: Uint8Array<ArrayBuffer>, source: Source): Asset {
  return {
    body,
    gzipped: new Uint8Array(Bun.gzipSync(body, { level: 9 })),
    contentType: contentTypeOf(name),
    hash: new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 12),
    headers: source.headers ?? {},
    fixedUrl: source.fixedUrl ?? false,
  };
}

function aliasPlugin(aliases: Record<string, string>): Bun.BunPlugin {
  return {
    name: 'aliases',
    setup(builder) {
      for (const [specifier, path] of Object.entries(aliases)) {
        const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        builder.onResolve({ filter }, () => ({ path: join(ROOT, path) }));
      }
    },
  };
}

async function build(spec: BundleSpec, options: BundleOptions): Promise<Map<string, Asset>> {
  const scripts = Object.entries(spec).filter(([, source]) => source.kind === 'script');
  const assets = new Map<string, Asset>();
  if (scripts.length > 0) {
    const result = await Bun.build({
      entrypoints: scripts.map(([, source]) => join(ROOT, source.path)),
      root: ROOT,
      target: 'browser',
      format: 'iife',
      minify: true,
      naming: '[dir]/[name].[ext]',
      plugins: options.aliases ? [aliasPlugin(options.aliases)] : [],
    });
    if (!result.success) throw new AggregateError(result.logs, 'browser bundle failed');
    const byEntry = new Map(
      scripts.map(([name, source]) => [source.path.replace(/\.ts$/, '.js'), [name, source] as const]),
    );
    for (const output of result.outputs) {
      const entry = byEntry.get(relative('.', output.path.replace(/^\.\//, '')));
      if (!entry) continue;
      const [name, source] = entry;
      assets.set(name, asset(name, new Uint8Array(await output.arrayBuffer()), source));
    }
    const missing = scripts.filter(([name]) => !assets.has(name)).map(([name]) => name);
    if (missing.length > 0) throw new Error(`browser bundle produced no output for ${missing.join(', ')}`);
  }
  for (const [name, source] of Object.entries(spec)) {
    if (source.kind !== 'file') continue;
    assets.set(
      name,
      asset(name, new Uint8Array(await Bun.file(join(ROOT, source.path)).arrayBuffer()), source),
    );
  }
  return assets;
}

export function assetBundle<const Spec extends BundleSpec>(
  spec: Spec,
  options: BundleOptions = {},
): AssetBundle<keyof Spec & string> {
  let built: Promise<Map<string, Asset>> | undefined;
  // A failed build is retried on the next request rather than cached.
  const assets = () => {
    built ??= build(spec, options).catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  return {
    names: new Set(Object.keys(spec)),
    assets,
    async urls() {
      const all = await assets();
      return Object.fromEntries(
        Object.keys(spec).map((name) => [name, `/static/${name}?v=${all.get(name)?.hash ?? '0'}`]),
      ) as Record<keyof Spec & string, string>;
    },
  };
}
