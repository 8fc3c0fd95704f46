import { afterEach, describe, expect, test } from 'bun:test';
import { appendFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import Papa from 'papaparse';
import {
  IMPORT_CHUNK_ROWS,
  IMPORT_CLAIM_MS,
  IMPORT_MAX_ATTEMPTS,
  importWorker,
} from '../../../src/crm/lead-import-job.service.ts';
import { holdImportChunk, insertLeadImport } from '../../../src/crm/lead-imports.queries.ts';
import { queueImport, reportPath, uploadPath } from '../../../src/crm/lead-imports.service.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { makeProject } from '../../support/factories.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { type TestDatabase, testDialects } from '../../support/test-db.ts';

/**
 * The CSV import job (docs/decisions/0046) on real databases: it imports a queued file in chunks,
 * each chunk's leads and progress committed together; an interrupted run resumes after the last
 * committed chunk with every row counted once and no lead twice; two workers never run the same
 * import at once.
 */
const ROWS = 1_000;

/**
 * ROWS data rows: every 250th blank (4), else every 100th a bad phone (8), else every 150th the
 * previous row's phone again (2, merged into it).
 */
function bigCsv(rows = ROWS): string {
  const lines = ['Name,Phone,Email'];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(6, '0');
    if (i % 250 === 249) lines.push(',,');
    else if (i % 100 === 99) lines.push(`Bad ${n},12345,`);
    else if (i % 150 === 149) lines.push(`Again ${n},+447700${String(i - 1).padStart(6, '0')},`);
    else lines.push(`Lead ${n},+447700${n},lead${n}@example.com`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

for (const dialect of testDialects) {
  describe(`CSV import job on ${dialect.name}`, () => {
    const opened: TestDatabase[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((database) => database.dispose()));
    });

    async function setup() {
      const database = await dialect.create();
      opened.push(database);
      const dataDir = await mkdtemp(join(tmpdir(), 'import-job-'));
      const deps = await makeTestDeps({ db: database.db, env: { DATA_DIR: dataDir } });
      const project = await makeProject(deps.db, { slug: 'acme', default_country: 'GB' });
      const admin = await createStaff(deps, 'admin');
      return { deps, project, admin };
    }
    type Setup = Awaited<ReturnType<typeof setup>>;

    async function queue(s: Setup, csv = bigCsv()): Promise<string> {
      const id = s.deps.ids.next();
      await mkdir(join(s.deps.config.dataDir, 'imports'), { recursive: true });
      await writeFile(uploadPath(s.deps, id), csv);
      await insertLeadImport(s.deps.db, {
        id,
        projectId: s.project.id,
        fileName: 'big.csv',
        byteSize: csv.length,
        createdBy: s.admin.id,
        now: toIso(s.deps.clock.now()),
      });
      const queued = await queueImport(s.deps, id, {
        mapping: { name: 0, phone: 1, email: 2 },
        defaultCountry: 'GB',
        stage: null,
        assigneeId: null,
        onDuplicate: 'merge',
      });
      expect(queued.ok).toBe(true);
      return id;
    }

    const importRow = (deps: TestDeps, id: string) =>
      deps.db.selectFrom('lead_imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    /** Runs `worker` until the import is no longer queued. */
    async function drain(deps: TestDeps, worker: ReturnType<typeof importWorker>, id: string) {
      for (let tick = 0; tick < 100; tick++) {
        if ((await importRow(deps, id)).status !== 'importing') return;
        await worker.tick(deps, deps.clock.now());
      }
      throw new Error('the import never finished');
    }

    /** Every row counted once, one lead per distinct phone, one report line per non-imported row. */
    async function expectSettled(s: Setup, id: string) {
      const row = await importRow(s.deps, id);
      expect(row.status).toBe('done');
      expect(row.total_rows).toBe(ROWS);
      expect(row.data_rows).toBe(ROWS);
      expect(row.imported + row.merged + row.flagged + row.rejected + row.skipped).toBe(ROWS);
      expect(row).toMatchObject({ skipped: 4, rejected: 8, merged: 2, flagged: 0, imported: 986 });
      const leads = await s.deps.db
        .selectFrom('leads')
        .select(['phone'])
        .where('source', '=', 'csv')
        .execute();
      expect(leads).toHaveLength(row.imported);
      expect(new Set(leads.map((lead) => lead.phone)).size).toBe(leads.length);
      const text = (await readFile(reportPath(s.deps, id), 'utf8')).replace(/^\uFEFF/, '');
      const lines = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      expect(lines[0]).toEqual(['Row', 'Outcome', 'Field', 'Reason']);
      const rowNumbers = lines.slice(1).map((line) => line[0]);
      expect(new Set(rowNumbers).size).toBe(rowNumbers.length);
      expect(rowNumbers).toHaveLength(ROWS - row.imported);
      expect(Buffer.byteLength(`\uFEFF${text}`)).toBe(row.report_bytes);
    }

    test('the job imports a queued file in chunks, each chunk committed with its progress', async () => {
      const s = await setup();
      const id = await queue(s);
      expect(await importRow(s.deps, id)).toMatchObject({
        status: 'importing',
        data_rows: 0,
        total_rows: null,
      });
      const worker = importWorker({ worker: 'worker-a', chunksPerTick: 1 });
      const done: number[] = [];
      for (let tick = 0; tick < 4; tick++) {
        const result = await worker.tick(s.deps, s.deps.clock.now());
        expect(result).toEqual({ processed: IMPORT_CHUNK_ROWS, skipped: 0, failed: 0 });
        const row = await importRow(s.deps, id);
        done.push(row.data_rows);
        const leads = await s.deps.db.selectFrom('leads').select('id').where('source', '=', 'csv').execute();
        expect(leads).toHaveLength(row.imported + row.flagged);
        expect(row.total_rows).toBe(ROWS);
      }
      expect(done).toEqual([250, 500, 750, 1000]);
      // The file ended exactly on a chunk: the next tick finds the end and finishes.
      expect((await worker.tick(s.deps, s.deps.clock.now())).processed).toBe(0);
      await expectSettled(s, id);
      // Nothing left: the next tick does nothing.
      expect(await worker.tick(s.deps, s.deps.clock.now())).toEqual({ processed: 0, skipped: 0, failed: 0 });
    });

    test('a worker that dies after chunk 2 is replaced once its claim runs out; the rest is imported once', async () => {
      const s = await setup();
      const id = await queue(s);
      const first = importWorker({ worker: 'worker-a', chunksPerTick: 2 });
      await first.tick(s.deps, s.deps.clock.now());
      expect((await importRow(s.deps, id)).data_rows).toBe(500);
      // The process died while writing chunk 3's report lines: they are past the committed length.
      await appendFile(reportPath(s.deps, id), '9999,rejected,Phone,never committed\r\n');
      const second = importWorker({ worker: 'worker-b', chunksPerTick: 2 });
      expect(await second.tick(s.deps, s.deps.clock.now())).toEqual({ processed: 0, skipped: 0, failed: 0 });
      s.deps.clock.advance(IMPORT_CLAIM_MS + 1);
      await drain(s.deps, second, id);
      await expectSettled(s, id);
      expect(await readFile(reportPath(s.deps, id), 'utf8')).not.toContain('never committed');
    });

    /** A database fault at chunk 3's commit (its progress update to 750 rows): the chunk rolls back. */
    async function failChunkThree(s: Setup): Promise<() => Promise<void>> {
      const name = `fail_chunk_${s.deps.ids.next().toLowerCase()}`;
      if (dialect.name === 'sqlite') {
        await sql
          .raw(
            `CREATE TRIGGER ${name} BEFORE UPDATE OF report_bytes ON lead_imports WHEN NEW.data_rows = 750 BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`,
          )
          .execute(s.deps.db);
        return async () => void (await sql.raw(`DROP TRIGGER ${name}`).execute(s.deps.db));
      }
      await sql
        .raw(
          `CREATE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN IF NEW.data_rows = 750 THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        )
        .execute(s.deps.db);
      await sql
        .raw(`CREATE TRIGGER ${name} BEFORE UPDATE ON lead_imports FOR EACH ROW EXECUTE FUNCTION ${name}()`)
        .execute(s.deps.db);
      return async () => void (await sql.raw(`DROP TRIGGER ${name} ON lead_imports`).execute(s.deps.db));
    }

    test.skipIf(dialect.name === 'mssql')(
      'a chunk that fails before its commit writes nothing; the retry imports those rows once',
      async () => {
        const s = await setup();
        const id = await queue(s);
        const worker = importWorker({ worker: 'worker-a', chunksPerTick: 2 });
        await worker.tick(s.deps, s.deps.clock.now());
        const leadsBefore = await s.deps.db.selectFrom('leads').select('id').execute();
        const repair = await failChunkThree(s);
        // Chunk 3's leads are written and its report lines appended, then its commit fails.
        expect(await worker.tick(s.deps, s.deps.clock.now())).toMatchObject({ processed: 0, failed: 1 });
        await repair();
        const row = await importRow(s.deps, id);
        expect(row).toMatchObject({ status: 'importing', data_rows: 500, attempts: 1, claimed_by: null });
        expect(await s.deps.db.selectFrom('leads').select('id').execute()).toHaveLength(leadsBefore.length);
        // Not before the pause; then the rest, once.
        expect((await worker.tick(s.deps, s.deps.clock.now())).processed).toBe(0);
        s.deps.clock.advance(31_000);
        await drain(s.deps, worker, id);
        await expectSettled(s, id);
      },
    );

    test('two workers at once: one claims the import, the other does nothing; counts add up', async () => {
      const s = await setup();
      const id = await queue(s);
      const a = importWorker({ worker: 'worker-a', chunksPerTick: 2 });
      const b = importWorker({ worker: 'worker-b', chunksPerTick: 2 });
      const [ra, rb] = await Promise.all([
        a.tick(s.deps, s.deps.clock.now()),
        b.tick(s.deps, s.deps.clock.now()),
      ]);
      expect([ra.processed, rb.processed].sort((x, y) => x - y)).toEqual([0, 500]);
      const holder = (await importRow(s.deps, id)).claimed_by;
      const winner = holder === 'worker-a' ? a : b;
      const loser = holder === 'worker-a' ? b : a;
      expect((await loser.tick(s.deps, s.deps.clock.now())).processed).toBe(0);
      await drain(s.deps, winner, id);
      await expectSettled(s, id);
    });

    test('a worker whose claim was taken over cannot commit its next chunk and resumes from the new position', async () => {
      const s = await setup();
      const id = await queue(s);
      const a = importWorker({ worker: 'worker-a', chunksPerTick: 1 });
      const b = importWorker({ worker: 'worker-b', chunksPerTick: 1 });
      await a.tick(s.deps, s.deps.clock.now());
      // worker-a stalls past its claim; worker-b takes the import over and commits chunk 2.
      s.deps.clock.advance(IMPORT_CLAIM_MS + 1);
      expect((await b.tick(s.deps, s.deps.clock.now())).processed).toBe(250);
      // worker-a's chunk from where it stopped is refused: neither its claim nor its position hold.
      const until = toIso(s.deps.clock.now());
      expect(await holdImportChunk(s.deps.db, { id, worker: 'worker-a', done: 250, until })).toBe(false);
      expect((await a.tick(s.deps, s.deps.clock.now())).processed).toBe(0);
      // Later worker-a gets it back: its kept reader is at 250, the import at 500, so it re-reads.
      s.deps.clock.advance(IMPORT_CLAIM_MS + 1);
      expect((await a.tick(s.deps, s.deps.clock.now())).processed).toBe(250);
      expect((await importRow(s.deps, id)).data_rows).toBe(750);
      await drain(s.deps, a, id);
      await expectSettled(s, id);
    });

    test('a file that stops being text part-way fails with its error; the rows before it stay', async () => {
      const s = await setup();
      const lines = ['Name,Phone,Email'];
      // Past Bun's first 256 KB read, so the file opens as text and breaks later.
      for (let i = 0; i < 12_000; i++) lines.push(`Lead ${i},+447700${String(i).padStart(6, '0')},`);
      const bytes = Buffer.concat([
        Buffer.from(`${lines.join('\r\n')}\r\n`),
        Buffer.from([0x43, 0x00, 0x00, 0x2c, 0x31, 0x0d, 0x0a]),
      ]);
      const id = await queue(s, 'Name,Phone\r\n');
      await writeFile(uploadPath(s.deps, id), bytes);
      await drain(s.deps, importWorker({ worker: 'worker-a' }), id);
      const row = await importRow(s.deps, id);
      expect(row.status).toBe('failed');
      expect(row.error).toContain('binary data');
      expect(row.imported).toBeGreaterThan(0);
      expect(row.imported + row.merged + row.flagged + row.rejected + row.skipped).toBe(row.data_rows);
      const leads = await s.deps.db.selectFrom('leads').select('id').where('source', '=', 'csv').execute();
      expect(leads).toHaveLength(row.imported);
      const report = await readFile(reportPath(s.deps, id), 'utf8');
      expect(report).toContain(`${row.data_rows + 1},stopped,File,`);
    });

    test.skipIf(dialect.name === 'mssql')(
      'a run that keeps failing on our side is given up after its attempts, with the reason',
      async () => {
        const s = await setup();
        const id = await queue(s);
        const worker = importWorker({ worker: 'worker-a', chunksPerTick: 2 });
        await worker.tick(s.deps, s.deps.clock.now());
        await failChunkThree(s);
        for (let attempt = 1; attempt <= IMPORT_MAX_ATTEMPTS; attempt++) {
          expect((await worker.tick(s.deps, s.deps.clock.now())).failed).toBe(1);
          s.deps.clock.advance(31_000);
        }
        const row = await importRow(s.deps, id);
        expect(row).toMatchObject({ status: 'failed', data_rows: 500, attempts: IMPORT_MAX_ATTEMPTS - 1 });
        expect(row.error).toContain('stopped on our side');
        expect(await worker.tick(s.deps, s.deps.clock.now())).toEqual({
          processed: 0,
          skipped: 0,
          failed: 0,
        });
      },
    );
  });
}
