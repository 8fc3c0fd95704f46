import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { advanceReceipt, findConversationState, type ReceiptColumn } from './conversation-state.queries.ts';

export interface Acknowledgement {
  conversationId: string;
  /** Whose client acknowledges: the visitor acknowledges staff messages and vice versa. */
  side: 'visitor' | 'staff';
  /** delivered = the client received it; read = its tab is focused with the chat open (VIS-7). */
  kind: 'delivered' | 'read';
  seq: number;
}

export interface ReceiptState {
  deliveredSeq: number;
  readSeq: number;
  changed: boolean;
}

const column = (side: Acknowledgement['side'], kind: Acknowledgement['kind']): ReceiptColumn =>
  `${side}_${kind}_seq`;

/**
 * Moves the side's watermarks forward ("everything up to seq"), never back; read implies
 * delivered. Publishes `receipt.updated` only when something moved, so repeated acks are free.
 */
export async function acknowledgeMessages(
  deps: Pick<Deps, 'db' | 'publisher'>,
  ack: Acknowledgement,
): Promise<Result<ReceiptState, 'conversation_not_found'>> {
  const delivered = await advanceReceipt(deps.db, ack.conversationId, column(ack.side, 'delivered'), ack.seq);
  const read =
    ack.kind === 'read' &&
    (await advanceReceipt(deps.db, ack.conversationId, column(ack.side, 'read'), ack.seq));
  const state = await findConversationState(deps.db, ack.conversationId);
  if (!state) return fail('conversation_not_found');
  const deliveredSeq = ack.side === 'visitor' ? state.visitorDeliveredSeq : state.staffDeliveredSeq;
  const readSeq = ack.side === 'visitor' ? state.visitorReadSeq : state.staffReadSeq;
  const changed = delivered || read;
  if (changed) {
    deps.publisher.publish({
      type: 'receipt.updated',
      conversationId: ack.conversationId,
      side: ack.side,
      deliveredSeq,
      readSeq,
    });
  }
  return ok({ deliveredSeq, readSeq, changed });
}
