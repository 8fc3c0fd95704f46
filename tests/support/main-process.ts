import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** One JSON log line of the child server. */
export type LogLine = { level: string; msg: string } & Record<string, unknown>;

export interface MainProcess {
  url: string;
  port: number;
  /** Every log line so far (stdout, one JSON object per line). */
  lines: LogLine[];
  /** Whatever the child wrote that is not a JSON log line (stderr, stack traces). */
  other: string[];
  exited: Promise<number>;
  signal(name: 'SIGTERM' | 'SIGINT' | 'SIGKILL'): void;
  /** Resolves with the first log line (from now on) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** A temporary DATA_DIR with a migrated SQLite database the test can seed before the start. */
export async function tempDataDir(): Promise<{
  dir: string;
  databaseUrl: string;
  seed: Db;
  dispose(): void;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-main-'));
  const databaseUrl = `sqlite:${dir}/app.sqlite`;
  const seed = await connectDatabase(databaseUrl);
  await migrateToLatest(seed);
  return { dir, databaseUrl, seed, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The real process entry (src/main.ts) as production runs it, on a free port: the test sees what
 * an operator sees (its logs, its exit code) and talks to it over real HTTP and WebSockets.
 */
export async function spawnMain(env: Record<string, string>): Promise<MainProcess> {
  const child = Bun.spawn([process.execPath, 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', APP_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const lines: LogLine[] = [];
  const other: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const check of [...waiters]) check();
  };
  const pump = async (stream: ReadableStream<Uint8Array>, json: boolean) => {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of stream) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (text.trim() === '') continue;
        try {
          if (!json) throw new Error('stderr');
          lines.push(JSON.parse(text) as LogLine);
        } catch {
          other.push(text);
        }
        wake();
      }
    }
    if (buffered.trim()) other.push(buffered);
    wake();
  };
  const pumped = Promise.all([pump(child.stdout, true), pump(child.stderr, false)]);
  const exited = child.exited.then(async (code) => {
    await pumped;
    wake();
    return code;
  });
  let cursor = 0;
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 15_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const index = lines.findIndex((line, i) => i >= cursor && match(line));
        if (index === -1) return;
        cursor = index + 1;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(lines[index] as LogLine);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such log line in ${timeoutMs} ms: ${JSON.stringify([...lines, ...other])}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const started = await waitForLog((line) => line.msg === 'server.started', 30_000).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const port = Number(started.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    lines,
    other,
    exited,
    signal: (name) => child.kill(name),
    waitForLog,
  };
}
