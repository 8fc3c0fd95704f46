import { describe, expect, test } from 'bun:test';
import { Glob } from 'bun';
import { migrations } from '../../migrations/index.ts';
import { mssqlRecorder, mssqlViolations } from '../support/mssql-recorder.ts';
import { catalogue } from './mssql-catalogue.ts';

/** SQL Server cannot run here: compile everything for it and refuse what it would reject. */
describe('SQL Server compatibility (compiled, not executed)', () => {
  test('every migration compiles to DDL SQL Server accepts', async () => {
    const { db, queries } = mssqlRecorder();
    for (const migration of Object.values(migrations)) await migration.up(db);
    expect(queries.length).toBeGreaterThan(40);
    const bad = queries.flatMap((q) => mssqlViolations(q.sql).map((v) => `${v}: ${q.sql}`));
    expect(bad).toEqual([]);
  });

  test('every query module is in the catalogue, every exported function has a call', async () => {
    const files = [...new Glob('src/**/*.queries.ts').scanSync('.')].sort();
    expect(Object.keys(catalogue).sort()).toEqual(files);
    for (const [file, { module, calls }] of Object.entries(catalogue)) {
      const exported = Object.entries(module)
        .filter(([, value]) => typeof value === 'function')
        .map(([name]) => name)
        .filter((name) => !name.endsWith('ToDomain') && !/RowTo[A-Z]/.test(name));
      expect({ file, functions: exported.sort() }).toEqual({ file, functions: Object.keys(calls).sort() });
    }
  });

  test('every cataloged query compiles to SQL SQL Server accepts', async () => {
    const problems: string[] = [];
    for (const [file, { calls }] of Object.entries(catalogue)) {
      for (const [name, call] of Object.entries(calls)) {
        const { db, queries } = mssqlRecorder();
        // Empty results make some functions throw after compiling (e.g. take-first-or-throw): fine.
        await call(db).catch(() => undefined);
        if (queries.length === 0) problems.push(`${file} ${name}: compiled no query`);
        for (const q of queries)
          for (const v of mssqlViolations(q.sql)) problems.push(`${file} ${name}: ${v}: ${q.sql}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
