import { afterEach, describe } from 'bun:test';
import type { Db } from '../../src/db/database.ts';
import { makeTestDeps, type TestDeps } from './make-app.ts';
import { type TestDatabase, type TestDialect, testDialects } from './test-db.ts';

export interface DialectFixture {
  database: TestDatabase;
  db: Db;
  deps: TestDeps;
}

/**
 * Kysely's DIALECTS loop as one helper: the suite runs once per configured dialect (SQLite always,
 * PostgreSQL and SQL Server when their URLs are set), as `<title> on <dialect>`. `fresh()` gives a
 * migrated database of that dialect with test deps on it; whatever a test opened is disposed
 * after it.
 */
export function describeEachDialect(
  title: string,
  body: (fresh: () => Promise<DialectFixture>, dialect: TestDialect) => void,
): void {
  for (const dialect of testDialects) {
    describe(`${title} on ${dialect.name}`, () => {
      const opened: TestDatabase[] = [];
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((database) => database.dispose()));
      });
      const fresh = async (): Promise<DialectFixture> => {
        const database = await dialect.create();
        opened.push(database);
        return { database, db: database.db, deps: await makeTestDeps({ db: database.db }) };
      };
      body(fresh, dialect);
    });
  }
}
