import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { Glob } from 'bun';

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
  test('queries never import the web framework, views or the publisher', () => {
    expect(
      offenders(
        'src/**/*.queries.ts',
        /from '(hono[^']*|[^']*\/views\/[^']*|[^']*publisher[^']*|[^']*fanout[^']*)'/,
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
    const clientCode = files('src/visitors/client/**/*.ts');
    expect(offenders(serverFiles, /\bDate\.now\(\)|new Date\(\)/, [...allowed, ...clientCode])).toEqual([]);
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
