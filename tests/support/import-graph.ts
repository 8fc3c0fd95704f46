import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { Glob } from 'bun';

/**
 * The import picture of the server, view and browser code (ADR 0001): which file imports which,
 * grouped by module, and the imports that run back up the layers. Run `npm run imports` to print
 * it; tests/unit/architecture.test.ts holds the numbers at zero.
 *
 * Layers, lowest first; a file may import its own layer and any below:
 *   0 shared   src/shared/
 *   1 db       src/db/
 *   2 events   src/events/ (the outgoing events port)
 *   3 pure     pure files and *.queries.ts (also deps.ts, config.ts, *.forms.ts)
 *   4 service  *.service.ts
 *   5 edge     *.routes.ts(x), *.sweepers.ts, src/http/, src/realtime/ (socket transport),
 *              src/jobs/, src/ops/, browser code (client/, widget/)
 *   6 app      src/app.tsx, src/server.ts, src/main.ts, src/cli/
 * Views (views/) sit beside the edge: only edge and app files import them, and they import only
 * layers 0-3 (types and pure helpers).
 */

export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

export const LAYERS = ['shared', 'db', 'events', 'pure', 'service', 'edge', 'app'] as const;
export type Layer = (typeof LAYERS)[number] | 'view';

const SOURCES = ['src/**/*.{ts,tsx}', 'views/**/*.{ts,tsx}', 'client/**/*.ts', 'widget/**/*.ts'];

export function sourceFiles(root = '.'): string[] {
  const found = new Set<string>();
  for (const pattern of SOURCES) for (const file of new Glob(pattern).scanSync(root)) found.add(file);
  return [...found].sort();
}

/** Code without comments, so a comment that names a path is no import. */
const stripComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const IMPORT =
  /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of one file, resolved to repository paths. */
export function importsOf(file: string, root = '.'): Import[] {
  const code = stripComments(readFileSync(join(root, file), 'utf8'));
  const found: Import[] = [];
  for (const match of code.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4];
    if (!specifier?.startsWith('.')) continue;
    const braces = /\{([^}]*)\}/.exec(match[0])?.[1];
    const allTypes = braces?.split(',').every((name) => /^\s*(type\s|$)/.test(name));
    const typeOnly = Boolean(match[2]) || (allTypes === true && !/\bimport\s+\w+\s*,/.test(match[0]));
    found.push({ from: file, to: normalize(join(dirname(file), specifier)), typeOnly });
  }
  return found;
}

/** View folders named apart from their module (views/visitor holds the visitors module's views). */
const VIEW_MODULE: Record<string, string> = { visitor: 'visitors' };

/**
 * `src/messages/x.ts` → `messages`; a top-level file is its own module. A module's views are part
 * of it (`views/agent/x.tsx` → `agent`: its routes render them, they import its types); the
 * shared view folders (`views/components`, `views/layouts`, `views/*.ts`) are modules of their own.
 */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src')
    return parts.length > 2 ? (parts[1] as string) : (parts[1] as string).replace(/\.tsx?$/, '');
  if (parts[0] === 'views') {
    if (parts.length === 2) return 'views';
    const folder = parts[1] as string;
    return ['components', 'layouts', 'errors'].includes(folder)
      ? `views/${folder}`
      : (VIEW_MODULE[folder] ?? folder);
  }
  if (parts[0] === 'client') return parts.length > 2 ? `client/${parts[1]}` : 'client';
  return parts[0] as string;
}

export function layerOf(file: string): Layer {
  const name = file.split('/').at(-1) ?? '';
  if (file.startsWith('views/')) return 'view';
  if (file.startsWith('client/') || file.startsWith('widget/')) return 'edge';
  if (file.startsWith('src/shared/')) return 'shared';
  if (file.startsWith('src/db/') || file.startsWith('migrations/')) return 'db';
  if (file.startsWith('src/events/')) return 'events';
  if (/^src\/(app\.tsx|server\.ts|main\.ts)$/.test(file) || file.startsWith('src/cli/')) return 'app';
  if (/\.routes\.tsx?$|\.sweepers?\.ts$/.test(name)) return 'edge';
  if (/^src\/(http|realtime|jobs|ops)\/|\/client\//.test(file) && !name.endsWith('.queries.ts'))
    return 'edge';
  if (name.endsWith('.service.ts')) return 'service';
  return 'pure';
}

const rank = (layer: Layer) => (layer === 'view' ? -1 : LAYERS.indexOf(layer));

/** An import against the layer order (or into or out of views the wrong way). */
export function runsBackUp(edge: Import): boolean {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  if (to === 'view') return from !== 'view' && rank(from) < rank('edge');
  if (from === 'view') return rank(to) > rank('pure');
  return rank(to) > rank(from);
}

export function importGraph(root = '.'): Import[] {
  return sourceFiles(root).flatMap((file) => importsOf(file, root));
}

/** Module pairs that import each other (either direction by any file), as `a <-> b`. */
export function mutualModulePairs(edges: readonly Import[]): string[] {
  const arrows = new Set<string>();
  for (const edge of edges) {
    const a = moduleOf(edge.from);
    const b = moduleOf(edge.to);
    if (a !== b) arrows.add(`${a}\t${b}`);
  }
  const pairs = new Set<string>();
  for (const arrow of arrows) {
    const [a, b] = arrow.split('\t') as [string, string];
    if (arrows.has(`${b}\t${a}`)) pairs.add([a, b].sort().join(' <-> '));
  }
  return [...pairs].sort();
}

/** Modules on an import cycle of any length (Tarjan's strongly connected components). */
export function moduleCycles(edges: readonly Import[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    const a = moduleOf(edge.from);
    const b = moduleOf(edge.to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)?.add(b);
  }
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!indexOf.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) as number, indexOf.get(to) as number));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

if (import.meta.main) {
  const rootAt = process.argv.indexOf('--root');
  const root = rootAt > 0 ? (process.argv[rootAt + 1] ?? '.') : '.';
  const edges = importGraph(root);
  const pairs = mutualModulePairs(edges);
  const back = edges.filter(runsBackUp);
  const cycles = moduleCycles(edges);
  const verbose = process.argv.includes('--list');
  console.log(`files ${sourceFiles(root).length}, imports ${edges.length}`);
  console.log(`module pairs importing each other: ${pairs.length}`);
  if (verbose) for (const pair of pairs) console.log(`  ${pair}`);
  console.log(`module cycles (any length): ${cycles.length}`);
  if (verbose) for (const cycle of cycles) console.log(`  ${cycle.join(', ')}`);
  console.log(
    `imports running back up the layers: ${back.length} (${back.filter((e) => e.typeOnly).length} type-only)`,
  );
  if (verbose) {
    for (const edge of back) {
      console.log(
        `  ${edge.from} [${layerOf(edge.from)}] -> ${edge.to} [${layerOf(edge.to)}]${edge.typeOnly ? ' (type)' : ''}`,
      );
    }
  }
}
