import { Database as BunSqlite } from 'bun:sqlite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { connectDatabase, openSqlite, sqliteKysely } from '../../src/db/connect.ts';
import type { Database, Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase {
  db: Db;
  dispose(): Promise<void>;
}

export interface TestDialect {
  name: 'sqlite' | 'postgres' | 'mssql';
  create(): Promise<TestDatabase>;
}

let sqliteTemplate: Uint8Array | undefined;

/**
 * A fresh, migrated SQLite database: migrated once into a template, then copied per test
 * (Epic Stack ADR 038), so every test starts from the same empty schema in microseconds.
 */
export async function freshSqlite(): Promise<TestDatabase> {
  if (!sqliteTemplate) {
    const raw = openSqlite(':memory:');
    const db = sqliteKysely(raw);
    await migrateToLatest(db);
    sqliteTemplate = raw.serialize();
    await db.destroy();
  }
  const raw = BunSqlite.deserialize(sqliteTemplate);
  raw.exec('PRAGMA foreign_keys = ON');
  const db = sqliteKysely(raw);
  return { db, dispose: () => db.destroy() };
}

/** A fresh schema in the PostgreSQL named by TEST_POSTGRES_URL, dropped on dispose. */
export async function freshPostgres(
  url: string,
  { migrate = true } = {},
): Promise<TestDatabase & { schema: string }> {
  const schema = `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  // A server restart (tests/ops/database-outage.test.ts with PG_OUTAGE=server) terminates this
  // pool's idle connections; pg emits that as an 'error' the pool drops the client for.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (migrate) await migrateRetryingSchemaRaces(db, schema);
  return {
    db,
    schema,
    dispose: async () => {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/**
 * A fresh database on the SQL Server named by TEST_MSSQL_URL (hosts with Docker, see
 * .github/workflows/mssql.yml), dropped on dispose.
 */
export async function freshMssql(
  url: string,
  { migrate = true } = {},
): Promise<TestDatabase & { schema: string }> {
  const name = `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const server = await connectDatabase(url);
  await sql.raw(`create database ${name}`).execute(server);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await connectDatabase(target.toString());
  if (migrate) await migrateToLatest(db);
  return {
    db,
    schema: 'dbo',
    dispose: async () => {
      await db.destroy();
      await sql.raw(`alter database ${name} set single_user with rollback immediate`).execute(server);
      await sql.raw(`drop database ${name}`).execute(server);
      await server.destroy();
    },
  };
}

/**
 * Kysely's migrator lists every schema's tables and columns; a sibling test run dropping its
 * schema at that moment makes PostgreSQL fail the listing (3F000 schema, 42P01 table, 42703
 * column vanished). Retry that race.
 */
const VANISHED_OBJECT_CODES = new Set(['3F000', '42P01', '42703']);

async function migrateRetryingSchemaRaces(db: Db, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db, { schema });
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !VANISHED_OBJECT_CODES.has(code) || attempt >= 10) throw error;
    }
  }
}

export const postgresUrl = process.env.TEST_POSTGRES_URL;
export const mssqlUrl = process.env.TEST_MSSQL_URL;

/**
 * Kysely's DIALECTS pattern: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set, SQL Server
 * when TEST_MSSQL_URL is set.
 */
export const testDialects: TestDialect[] = [
  { name: 'sqlite', create: freshSqlite },
  ...(postgresUrl ? [{ name: 'postgres' as const, create: () => freshPostgres(postgresUrl) }] : []),
  ...(mssqlUrl ? [{ name: 'mssql' as const, create: () => freshMssql(mssqlUrl) }] : []),
];
