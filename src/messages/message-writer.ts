import { bunSqliteOf } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import {
  type BatchWrite,
  type MessageDraft,
  type MessageWriter,
  previewOf,
  toMessage,
  type WriteOutcome,
} from './message-draft.ts';
import {
  advanceSeq,
  findMessageByClientId,
  findMessagesByClientIds,
  insertMessages,
  listLastSeqs,
} from './messages.queries.ts';
import { sqliteBatchWrite } from './sqlite-message-batch.ts';

/** SQL Server takes at most 2,100 parameters: the client-id lookup uses two per draft. */
const MAX_BATCH = 500;

const keyOf = (d: { conversationId: string; clientMessageId: string }) =>
  `${d.conversationId}\t${d.clientMessageId}`;
const claimKey = (d: MessageDraft) =>
  `${d.conversationId}|${d.openOnly}|${d.guard?.assigneeId}|${d.guard?.visitorId}`;

/**
 * Writes drafts (sorted by conversation) inside one open transaction with a handful of
 * statements: one seq reservation per run of drafts of the same conversation and sender rights,
 * one read of the new last seqs, one multi-row insert. With `lookup`, client ids already stored
 * are looked up first; without it the unique index rejects a repeat and the caller retries with
 * the lookup. Outcomes come back in draft order.
 */
async function writeBatch(
  trx: Db,
  drafts: readonly MessageDraft[],
  lookup: boolean,
): Promise<WriteOutcome[]> {
  const found = lookup ? await findMessagesByClientIds(trx, drafts) : [];
  const stored = new Map(found.map((m) => [keyOf(m), m] as const));
  const outcomes: WriteOutcome[] = new Array(drafts.length);
  const inserts: Array<{ draft: MessageDraft; seq: number }> = [];
  const fresh: number[] = [];
  const repeats: number[] = [];
  const firstOf = new Map<string, number>();
  for (const [i, draft] of drafts.entries()) {
    const key = keyOf(draft);
    const existing = stored.get(key);
    if (existing) outcomes[i] = { kind: 'existing', message: existing };
    else if (firstOf.has(key)) repeats.push(i);
    else {
      firstOf.set(key, i);
      fresh.push(i);
    }
  }
  // Runs of drafts with the same conversation and sender rights reserve their seqs together.
  const runs: Array<{ indexes: number[]; granted: boolean }> = [];
  for (let start = 0; start < fresh.length; ) {
    const first = drafts[fresh[start] as number] as MessageDraft;
    let end = start + 1;
    while (end < fresh.length && claimKey(drafts[fresh[end] as number] as MessageDraft) === claimKey(first))
      end++;
    const indexes = fresh.slice(start, end);
    const last = drafts[indexes.at(-1) as number] as MessageDraft;
    const granted = await advanceSeq(trx, first.conversationId, {
      count: indexes.length,
      now: last.now,
      preview: previewOf(last),
      openOnly: first.openOnly,
      guard: first.guard,
    });
    runs.push({ indexes, granted });
    start = end;
  }
  // Each conversation's granted seqs end at its new last_seq, in run order.
  const conversationOf = (run: { indexes: number[] }) =>
    (drafts[run.indexes[0] as number] as MessageDraft).conversationId;
  const reserved = new Map<string, number>();
  for (const run of runs) {
    if (run.granted)
      reserved.set(conversationOf(run), (reserved.get(conversationOf(run)) ?? 0) + run.indexes.length);
  }
  const lastSeqs = await listLastSeqs(trx, [...reserved.keys()]);
  const nextSeq = new Map(
    [...reserved].map(([id, count]) => [id, (lastSeqs.get(id)?.lastSeq ?? 0) - count + 1]),
  );
  for (const run of runs) {
    for (const index of run.indexes) {
      const draft = drafts[index] as MessageDraft;
      if (!run.granted) {
        outcomes[index] = { kind: 'refused' };
        continue;
      }
      const seq = nextSeq.get(draft.conversationId) ?? 0;
      nextSeq.set(draft.conversationId, seq + 1);
      inserts.push({ draft, seq });
      const conversation = lastSeqs.get(draft.conversationId);
      outcomes[index] = {
        kind: 'created',
        message: toMessage(draft, seq),
        conversationStatus: conversation?.status ?? 'active',
        assigneeId: conversation?.assigneeId ?? null,
      };
    }
  }
  await insertMessages(
    trx,
    inserts.map(({ draft, seq }) => ({ ...draft, seq })),
  );
  // A repeat of a client id inside this batch is a retry of the message created just above.
  for (const i of repeats) {
    const twin = outcomes[firstOf.get(keyOf(drafts[i] as MessageDraft)) as number];
    outcomes[i] =
      twin?.kind === 'created' ? { kind: 'existing', message: twin.message } : { kind: 'refused' };
  }
  return outcomes;
}

/**
 * The batch for PostgreSQL and SQL Server: a few set-based statements per batch, since every
 * statement is a network round trip. Retries are rare, so a batch first goes without the
 * client-id lookup and is redone with it only when the unique index refuses it.
 */
function kyselyBatchWrite(db: Db): BatchWrite {
  const attempt = (drafts: readonly MessageDraft[], lookup: boolean) =>
    db.transaction().execute((trx) => writeBatch(trx, drafts, lookup));
  return (drafts) => attempt(drafts, false).catch(() => attempt(drafts, true));
}

interface Pending {
  draft: MessageDraft;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit (PERF-3): sends that arrive while a commit is in flight are written together in
 * the next transaction, so one fsync covers many messages. At low load a batch is one message and
 * waits for nothing but the current tick. Drafts are sorted by conversation so concurrent batches
 * on PostgreSQL lock rows in the same order (no deadlocks). If a batch fails (a bad draft, or a
 * client-id race with another instance), each draft is retried alone so none fails its neighbours.
 * One per database handle and process, made with the Deps (main.ts), so every sender shares it.
 */
export function groupCommitWriter(db: Db): MessageWriter {
  const raw = bunSqliteOf(db);
  const writeBatchOf = raw ? sqliteBatchWrite(db, raw) : kyselyBatchWrite(db);
  let queue: Pending[] = [];
  let flushing = false;

  /** A draft on its own; a unique-index race with another writer means "already stored". */
  async function writeAlone(draft: MessageDraft): Promise<WriteOutcome> {
    try {
      const [outcome] = await writeBatchOf([draft]);
      return outcome ?? { kind: 'refused' };
    } catch (error) {
      const existing = await findMessageByClientId(db, draft.conversationId, draft.clientMessageId);
      if (existing) return { kind: 'existing', message: existing };
      throw error;
    }
  }

  async function commit(batch: Pending[]): Promise<void> {
    const ordered = [...batch].sort((a, b) => (a.draft.conversationId < b.draft.conversationId ? -1 : 1));
    try {
      const outcomes = await writeBatchOf(ordered.map((item) => item.draft));
      ordered.forEach((item, i) => {
        item.resolve(outcomes[i] ?? { kind: 'refused' });
      });
    } catch (error) {
      // A locked or unreachable database fails every draft alike: retrying each alone would only
      // wait out the lock (or the connect timeout) once per draft. Nothing was stored or acked.
      if (isDatabaseUnavailable(error)) {
        for (const item of ordered) item.reject(error);
        return;
      }
      for (const item of ordered) await writeAlone(item.draft).then(item.resolve, item.reject);
    }
  }

  async function flush(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        await commit(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    write(draft) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        queue.push({ draft, resolve, reject });
        // setImmediate gathers every send of the current tick into the first batch.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
