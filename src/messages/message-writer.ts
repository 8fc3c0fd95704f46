import type { Db } from '../db/database.ts';
import type { SenderKind } from '../realtime/events.ts';
import { claimNextSeq, findMessageByClientId, insertMessage, type Message } from './messages.queries.ts';

export interface MessageDraft {
  id: string;
  conversationId: string;
  clientMessageId: string;
  senderKind: SenderKind;
  senderUserId: string | null;
  senderName: string | null;
  body: string;
  replyToId: string | null;
  attachmentId: string | null;
  now: string;
  /** Only system messages may be added to a closed conversation (e.g. "chat ended"). */
  openOnly: boolean;
}

export type WriteOutcome =
  | { kind: 'created'; message: Message }
  | { kind: 'existing'; message: Message }
  | { kind: 'refused' };

const PREVIEW_LENGTH = 200;
const MAX_BATCH = 512;

const previewOf = (draft: MessageDraft) =>
  draft.body.trim() === '' && draft.attachmentId ? '[image]' : draft.body.slice(0, PREVIEW_LENGTH);

/** One message inside an open transaction: dedupe by client id, take the next seq, insert. */
async function writeOne(trx: Db, draft: MessageDraft): Promise<WriteOutcome> {
  const existing = await findMessageByClientId(trx, draft.conversationId, draft.clientMessageId);
  if (existing) return { kind: 'existing', message: existing };
  const seq = await claimNextSeq(trx, draft.conversationId, {
    now: draft.now,
    preview: previewOf(draft),
    openOnly: draft.openOnly,
  });
  if (seq === undefined) return { kind: 'refused' };
  await insertMessage(trx, { ...draft, seq });
  const { now, openOnly: _, ...rest } = draft;
  return { kind: 'created', message: { ...rest, seq, createdAt: now } };
}

/** A draft in its own transaction; a unique-index race with another writer means "already stored". */
async function writeAlone(db: Db, draft: MessageDraft): Promise<WriteOutcome> {
  try {
    return await db.transaction().execute((trx) => writeOne(trx, draft));
  } catch (error) {
    const existing = await findMessageByClientId(db, draft.conversationId, draft.clientMessageId);
    if (existing) return { kind: 'existing', message: existing };
    throw error;
  }
}

interface Pending {
  draft: MessageDraft;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export interface MessageWriter {
  write(draft: MessageDraft): Promise<WriteOutcome>;
}

/**
 * Group commit (PERF-3): sends that arrive while a commit is in flight are written together in
 * the next transaction, so one fsync covers many messages. At low load a batch is one message and
 * waits for nothing but the current tick. Drafts are sorted by conversation so concurrent batches
 * on PostgreSQL lock rows in the same order (no deadlocks). If a batch fails (a bad draft, or a
 * client-id race with another instance), each draft is retried alone so none fails its neighbours.
 */
export function groupCommitWriter(db: Db): MessageWriter {
  let queue: Pending[] = [];
  let flushing = false;

  async function commit(batch: Pending[]): Promise<void> {
    const ordered = [...batch].sort((a, b) => (a.draft.conversationId < b.draft.conversationId ? -1 : 1));
    try {
      const outcomes = await db.transaction().execute(async (trx) => {
        const list: WriteOutcome[] = [];
        for (const item of ordered) list.push(await writeOne(trx, item.draft));
        return list;
      });
      ordered.forEach((item, i) => {
        const outcome = outcomes[i];
        if (outcome) item.resolve(outcome);
      });
    } catch {
      for (const item of ordered) await writeAlone(db, item.draft).then(item.resolve, item.reject);
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

const writers = new WeakMap<Db, MessageWriter>();

/** One writer per database handle, so every caller of sendMessage shares the group commit. */
export function writerFor(db: Db): MessageWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = groupCommitWriter(db);
    writers.set(db, writer);
  }
  return writer;
}
