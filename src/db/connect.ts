import { Database as BunSqlite } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Kysely,
  MssqlDialect,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from 'kysely';
import type { Database, Db } from './database.ts';

export type DialectName = 'sqlite' | 'postgres' | 'mssql';

/** Kysely's SqliteDialect over bun:sqlite: bun's statements take parameters spread, not as an array. */
function bunSqliteAdapter(raw: BunSqlite): SqliteDatabase {
  return {
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      const statement = raw.query(sqlText);
      return {
        reader: statement.columnNames.length > 0,
        all: (parameters) => statement.all(...(parameters as never[])) as unknown[],
        run: (parameters) => statement.run(...(parameters as never[])),
        iterate: (parameters) => statement.iterate(...(parameters as never[])) as IterableIterator<unknown>,
      };
    },
  };
}

/**
 * How long a statement waits for another process's write lock (a backup, `npm run migrate`, the
 * sqlite3 shell) before SQLITE_BUSY, which the edge answers 503 + Retry-After. bun:sqlite waits
 * synchronously, so this is also how long the instance's event loop can stall: kept short.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 1000;

/** Opens bun:sqlite with the settings every connection needs (WAL, FKs, busy timeout). */
export function openSqlite(path: string): BunSqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BunSqlite(path, { create: true, strict: false });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return raw;
}

const sqliteHandles = new WeakMap<Db, BunSqlite>();

export function sqliteKysely(raw: BunSqlite): Db {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: bunSqliteAdapter(raw) }) });
  sqliteHandles.set(db, raw);
  return db;
}

/**
 * The bun:sqlite connection behind a Kysely instance made by `sqliteKysely`, for the one hot path
 * that runs precompiled statements (ADR 0012). Use it only while holding the Kysely connection
 * (`db.connection().execute`), so it never interleaves with a Kysely transaction.
 */
export function bunSqliteOf(db: Db): BunSqlite | undefined {
  return sqliteHandles.get(db);
}

export interface ConnectOptions {
  /**
   * A pooled connection failed while idle (the server restarted, the network cut it). The pool
   * drops it and opens a new one on demand; without a listener the error would end the process.
   */
  onConnectionError?(error: Error): void;
}

/** Waiting for a PostgreSQL connection never takes longer than this (then: 503, not a hang). */
export const PG_CONNECT_TIMEOUT_MS = 5000;

async function postgresKysely(url: string, options: ConnectOptions): Promise<Db> {
  const { Pool, types } = await import('pg');
  // COUNT(*) and SUM come back as int8/numeric strings; our counts fit in a JS number.
  types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  const pool = new Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    // Notices a silently dead peer (a cut without FIN) instead of waiting on it forever.
    keepAlive: true,
  });
  const lost = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', lost);
  // A connection that dies while checked out (mid-query, mid-transaction) emits 'error' on the
  // client, not the pool: its query rejects anyway, the listener keeps the process alive.
  pool.on('connect', (client) => void client.on('error', lost));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function mssqlKysely(url: string): Promise<Db> {
  const tedious = await import('tedious');
  const tarn = await import('tarn');
  const parsed = new URL(url);
  const options = {
    server: parsed.hostname,
    authentication: {
      type: 'default' as const,
      options: {
        userName: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
      },
    },
    options: {
      port: Number(parsed.port || 1433),
      database: parsed.pathname.replace(/^\//, '') || 'master',
      encrypt: parsed.searchParams.get('encrypt') !== 'false',
      trustServerCertificate: parsed.searchParams.get('trustServerCertificate') === 'true',
    },
  };
  return new Kysely<Database>({
    dialect: new MssqlDialect({
      tarn: { ...tarn, options: { min: 0, max: 10 } },
      tedious: { ...tedious, connectionFactory: () => new tedious.Connection(options) },
    }),
  });
}

export function dialectOfUrl(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('mssql://')) return 'mssql';
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0]}`);
}

/** Opens the database named by a DATABASE_URL (sqlite:path | postgres://… | mssql://…). */
export async function connectDatabase(url: string, options: ConnectOptions = {}): Promise<Db> {
  const dialect = dialectOfUrl(url);
  if (dialect === 'sqlite') return sqliteKysely(openSqlite(url.slice('sqlite:'.length)));
  if (dialect === 'postgres') return postgresKysely(url, options);
  return mssqlKysely(url);
}
