import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { Glob } from 'bun';
import { cannedIds } from '../../src/canned-replies/canned-reply.ts';
import { agentEvents, agentIds } from '../../views/agent/agent-dom-ids.ts';
import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { importGraph, importPicture, pureFiles } from '../support/import-graph.ts';

/** STYLE 2.2 layer rules and the CSP/escaping bans, checked over the source as text. */
const files = (pattern: string) => [...new Glob(pattern).scanSync('.')].sort();
/** Code lines only: comments may name what the rules ban. */
const codeOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');
const offenders = (pattern: string, banned: RegExp, allowed: string[] = []) =>
  files(pattern).filter((file) => !allowed.includes(file) && banned.test(codeOf(file)));

describe('architecture rules', () => {
  test('queries never import the web framework, views, the events port or the transport', () => {
    expect(
      offenders(
        'src/**/*.queries.ts',
        /from '(hono[^']*|[^']*\/views\/[^']*|[^']*\/events\/[^']*|[^']*\/realtime\/[^']*)'/,
      ),
    ).toEqual([]);
  });

  test('services never import the web framework or views', () => {
    expect(offenders('src/**/*.service.ts', /from '(hono[^']*|[^']*\/views\/[^']*)'/)).toEqual([]);
  });

  test('the scheduler owns the only setInterval on the server', () => {
    expect(offenders('src/**/*.{ts,tsx}', /\bsetInterval\(/, ['src/jobs/scheduler.ts'])).toEqual([]);
  });

  test('server code reads the time from the injected clock only', () => {
    const serverFiles = 'src/**/*.{ts,tsx}';
    const allowed = ['src/shared/clock.ts', 'src/shared/ids.ts', 'src/shared/log.ts'];
    expect(offenders(serverFiles, /\bDate\.now\(\)|new Date\(\)/, allowed)).toEqual([]);
  });

  test('no raw HTML or dangerouslySetInnerHTML outside the doctype of the documents', () => {
    const documents = [
      'views/layouts/document.tsx',
      'views/visitor/not-found-page.tsx',
      'views/visitor/visitor-document.tsx',
    ];
    expect(offenders('{views,src}/**/*.tsx', /\braw\(|dangerouslySetInnerHTML/, documents)).toEqual([]);
    for (const file of documents) {
      const uses =
        require('node:fs')
          .readFileSync(file, 'utf8')
          .match(/\braw\([^)]*\)/g) ?? [];
      expect(uses).toEqual(["raw('<!DOCTYPE html>')"]);
    }
  });

  test('no inline event handlers or hx-on in views (strict CSP)', () => {
    expect(offenders('views/**/*.tsx', /\s(on[a-z]+=|hx-on)/)).toEqual([]);
  });
});

/**
 * The import picture (tests/support/import-graph.ts, `npm run imports -- --list` names offenders):
 * the layers of docs/decisions/0001 and the module graph without cycles.
 */
describe('import picture', () => {
  const picture = importPicture();
  const edges = importGraph();
  const pure = pureFiles();

  test('no import runs back up the layers (shared < db < pure < events < services < edge < app)', () => {
    expect(picture.backUp.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  test('no module pair imports each other, and no longer cycle either (Deps naming its ports aside)', () => {
    expect(picture.mutualPairsBesidesDeps).toEqual([]);
    expect(picture.cycles).toEqual([]);
  });

  test('views import from src/ only pure files: types, constants and pure helpers', () => {
    const fromViews = edges.filter((edge) => edge.from.startsWith('views/') && edge.to.startsWith('src/'));
    expect(fromViews.length).toBeGreaterThan(30);
    expect(
      fromViews.filter((edge) => !pure.has(edge.to)).map((edge) => `${edge.from} -> ${edge.to}`),
    ).toEqual([]);
  });

  test('the events port imports nothing but shared/ and pure files, never the transport', () => {
    const fromPort = edges.filter((edge) => edge.from.startsWith('src/events/'));
    const outside = fromPort.filter(
      (edge) =>
        !edge.to.startsWith('src/events/') && !edge.to.startsWith('src/shared/') && !pure.has(edge.to),
    );
    expect(outside.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([]);
  });

  test('only the transport, the server and browser code import the socket transport', () => {
    const users = edges.filter(
      (edge) => edge.to.startsWith('src/realtime/') && !edge.from.startsWith('src/realtime/'),
    );
    const allowed = (file: string) => file === 'src/server.ts' || /^(client|widget)\//.test(file);
    expect(users.filter((edge) => !allowed(edge.from)).map((edge) => `${edge.from} -> ${edge.to}`)).toEqual(
      [],
    );
  });

  test('topics are picked in one place: only the audience table and the transport name them', () => {
    const users = edges
      .filter((edge) => edge.to === 'src/events/topics.ts')
      .map((edge) => edge.from)
      .filter((file) => file !== 'src/events/audience.ts' && !file.startsWith('src/realtime/'));
    expect(users).toEqual([]);
  });

  test('pure files are recognised (the rule above has something to hold on to)', () => {
    for (const file of [
      'src/conversations/conversation.ts',
      'src/messages/message.ts',
      'src/auth/staff-user.ts',
    ]) {
      expect(pure.has(file)).toBe(true);
    }
    expect(pure.has('src/messages/messages.service.ts')).toBe(false);
    expect(pure.has('src/realtime/wire.ts')).toBe(false);
  });

  test('browser code imports the DOM ids and event names it uses instead of retyping them', () => {
    // Ids of one word ('chat', 'typing') are also ordinary words in code: only compound ones count.
    const shared = [
      ...Object.values(agentIds),
      ...Object.values(agentEvents),
      ...Object.values(visitorIds),
      ...Object.values(cannedIds),
    ].filter((id) => /[-:]/.test(id));
    const retyped = files('client/**/*.ts').flatMap((file) => {
      const code = codeOf(file);
      const quoted = shared.filter((id) =>
        new RegExp(`['"\`]#?${id.replace(/[:-]/g, '\\$&')}['"\`]`).test(code),
      );
      const built = /['"`]#?conversation-\$\{|['"`]conversation-['"`]/.test(code) ? ['conversation-…'] : [];
      return [...quoted, ...built].map((id) => `${file}: ${id}`);
    });
    expect(retyped).toEqual([]);
  });
});
