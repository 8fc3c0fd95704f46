import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { Glob } from 'bun';

/**
 * The import picture of the server, view and browser code (docs/decisions/0001): which file
 * imports which, grouped by module, and the imports that run back up the layers. Run
 * `npm run imports` (add `--list` for the offenders, `--root <dir>` for another checkout);
 * tests/unit/architecture.test.ts holds the numbers at zero.
 *
 * Layers, lowest first; a file may import its own layer and any below:
 *   0 shared   src/shared/
 *   1 db       src/db/, migrations/
 *   2 pure     pure files (types, constants, pure rules) and *.queries.ts, config.ts, *.forms.ts
 *   3 events   src/events/ (the outgoing events port) and src/deps.ts (the ports services take)
 *   4 service  *.service.ts
 *   5 edge     *.routes.ts(x), *.sweepers.ts, any other file importing Hono, src/http/,
 *              src/realtime/ (the socket transport), src/jobs/, src/ops/, src/assets/,
 *              browser code (client/, widget/)
 *   6 app      src/app.tsx, src/server.ts, src/main.ts, src/start-jobs.ts, src/cli/
 * Views (views/) sit beside the edge: only edge, app and other view files import them, and they
 * import from src/ only pure files (see `isPureFile`).
 *
 * The events port sits above the pure files because the event union is built from the domain's
 * own types (ConversationStatus, Message), which live in their modules' pure files.
 */

export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

export const LAYERS = ['shared', 'db', 'pure', 'events', 'service', 'edge', 'app'] as const;
export type Layer = (typeof LAYERS)[number] | 'view';

const SOURCES = ['src/**/*.{ts,tsx}', 'views/**/*.{ts,tsx}', 'client/**/*.ts', 'widget/**/*.ts'];

/** The Deps type names every port services take: its own imports are wiring, not a module's needs. */
export const DEPS_FILE = 'src/deps.ts';

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

const codeCache = new Map<string, string>();
function codeOf(file: string, root: string): string {
  const key = join(root, file);
  let code = codeCache.get(key);
  if (code === undefined) {
    code = existsSync(key) ? stripComments(readFileSync(key, 'utf8')) : '';
    codeCache.set(key, code);
  }
  return code;
}

/** Every import of one file: relative ones resolved to repository paths, packages as they are. */
function specifiersOf(file: string, root: string): Array<{ specifier: string; typeOnly: boolean }> {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  for (const match of codeOf(file, root).matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4];
    if (!specifier) continue;
    const braces = /\{([^}]*)\}/.exec(match[0])?.[1];
    const allTypes = braces?.split(',').every((name) => /^\s*(type\s|$)/.test(name));
    const typeOnly = Boolean(match[2]) || (allTypes === true && !/\bimport\s+\w+\s*,/.test(match[0]));
    found.push({ specifier, typeOnly });
  }
  return found;
}

/** Relative imports of one file, resolved to repository paths. */
export function importsOf(file: string, root = '.'): Import[] {
  return specifiersOf(file, root)
    .filter(({ specifier }) => specifier.startsWith('.'))
    .map(({ specifier, typeOnly }) => ({
      from: file,
      to: normalize(join(dirname(file), specifier)),
      typeOnly,
    }));
}

/** Importing Hono (its JSX aside) makes a file part of the web edge, whatever its name. */
const importsHono = (file: string, root: string) =>
  specifiersOf(file, root).some(({ specifier }) => /^hono(\/(?!jsx)|$)/.test(specifier));

/** View folders named apart from their module (views/visitor holds the visitors module's views). */
const VIEW_MODULE: Record<string, string> = { visitor: 'visitors' };
/** View folders shared by every module: modules of their own. */
const SHARED_VIEWS = ['components', 'layouts', 'errors'];

/**
 * `src/messages/x.ts` → `messages`; a top-level file is its own module. A module's views are part
 * of it (`views/agent/x.tsx` → `agent`: its routes render them, they import its pure files); the
 * shared view folders and `views/*.ts` are modules of their own.
 */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') {
    return parts.length > 2 ? (parts[1] as string) : (parts[1] as string).replace(/\.tsx?$/, '');
  }
  if (parts[0] === 'views') {
    if (parts.length === 2) return 'views';
    const folder = parts[1] as string;
    return SHARED_VIEWS.includes(folder) ? `views/${folder}` : (VIEW_MODULE[folder] ?? folder);
  }
  if (parts[0] === 'client') return parts.length > 2 ? `client/${parts[1]}` : 'client';
  return parts[0] as string;
}

const ROLE_SUFFIX = /\.(queries|service|routes|sweepers)\.tsx?$/;
const EDGE_FOLDERS = /^src\/(http|realtime|jobs|ops|assets)\//;

export function layerOf(file: string, root = '.'): Layer {
  const name = file.split('/').at(-1) ?? '';
  if (file.startsWith('views/')) return 'view';
  if (file.startsWith('client/') || file.startsWith('widget/')) return 'edge';
  if (file.startsWith('src/shared/')) return 'shared';
  if (file.startsWith('src/db/') || file.startsWith('migrations/')) return 'db';
  if (file.startsWith('src/events/') || file === DEPS_FILE) return 'events';
  if (/^src\/(app\.tsx|server\.ts|main\.ts|start-jobs\.ts)$/.test(file) || file.startsWith('src/cli/')) {
    return 'app';
  }
  if (/\.routes\.tsx?$|\.sweepers\.ts$/.test(name)) return 'edge';
  if (name.endsWith('.queries.ts')) return 'pure';
  if (EDGE_FOLDERS.test(file) || /\/client\//.test(file) || importsHono(file, root)) return 'edge';
  if (name.endsWith('.service.ts')) return 'service';
  return 'pure';
}

/**
 * A pure file holds a module's types, constants and pure rules: not a role-suffixed file, not in
 * the db, port or edge layers, and importing nothing from src/ but shared/ and other pure files.
 * Views and any other module may import them freely.
 */
export function pureFiles(root = '.'): Set<string> {
  const candidates = sourceFiles(root).filter(
    (file) =>
      file.startsWith('src/') &&
      !ROLE_SUFFIX.test(file) &&
      (layerOf(file, root) === 'pure' || layerOf(file, root) === 'shared'),
  );
  const pure = new Set(candidates);
  for (let changed = true; changed; ) {
    changed = false;
    for (const file of [...pure]) {
      const impure = importsOf(file, root).some(
        (edge) => !edge.to.startsWith('src/shared/') && !pure.has(edge.to),
      );
      if (impure) {
        pure.delete(file);
        changed = true;
      }
    }
  }
  return pure;
}

const rank = (layer: Layer) => (layer === 'view' ? -1 : LAYERS.indexOf(layer));

/** An import against the layer order, or into or out of views the wrong way. */
export function runsBackUp(edge: Import, pure: ReadonlySet<string>, root = '.'): boolean {
  const from = layerOf(edge.from, root);
  const to = layerOf(edge.to, root);
  if (to === 'view') return from !== 'view' && rank(from) < rank('edge');
  if (from === 'view') return !edge.to.startsWith('src/shared/') && !pure.has(edge.to);
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

/** Modules on an import cycle of any length (strongly connected components, Tarjan). */
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

/** The picture the architecture test and `npm run imports` report. */
export function importPicture(root = '.') {
  const edges = importGraph(root);
  const pure = pureFiles(root);
  const modular = edges.filter((edge) => edge.from !== DEPS_FILE);
  return {
    files: sourceFiles(root).length,
    imports: edges.length,
    /** Every pair of modules importing each other, counting every import. */
    mutualPairs: mutualModulePairs(edges),
    /** The same without the Deps type's references to the ports it names. */
    mutualPairsBesidesDeps: mutualModulePairs(modular),
    cycles: moduleCycles(modular),
    backUp: edges.filter((edge) => runsBackUp(edge, pure, root)),
    layerOf: (file: string) => layerOf(file, root),
  };
}

if (import.meta.main) {
  const rootAt = process.argv.indexOf('--root');
  const root = rootAt > 0 ? (process.argv[rootAt + 1] ?? '.') : '.';
  const verbose = process.argv.includes('--list');
  const picture = importPicture(root);
  const list = (items: readonly string[]) => {
    if (verbose) for (const item of items) console.log(`  ${item}`);
  };
  console.log(`files ${picture.files}, imports ${picture.imports}`);
  console.log(`module pairs importing each other: ${picture.mutualPairs.length}`);
  list(picture.mutualPairs);
  console.log(`  of which not through the Deps type: ${picture.mutualPairsBesidesDeps.length}`);
  console.log(`module cycles of any length (Deps' references aside): ${picture.cycles.length}`);
  list(picture.cycles.map((cycle) => cycle.join(', ')));
  const typeOnly = picture.backUp.filter((edge) => edge.typeOnly).length;
  console.log(`imports running back up the layers: ${picture.backUp.length} (${typeOnly} type-only)`);
  list(
    picture.backUp.map(
      (edge) =>
        `${edge.from} [${picture.layerOf(edge.from)}] -> ${edge.to} [${picture.layerOf(edge.to)}]${edge.typeOnly ? ' (type)' : ''}`,
    ),
  );
}
