/**
 * A sent message's receipt as the sender sees it (VIS-7): ✓ sent, ✓✓ delivered, green ✓✓ read.
 * One rule for the server-rendered bubble and for the console script that repaints ticks when a
 * live receipt arrives, so the mark and its accessible label can never disagree.
 */
export type ReceiptState = 'sent' | 'delivered' | 'read';

export interface ReceiptWatermarks {
  deliveredSeq: number;
  readSeq: number;
}

export function receiptStateOf(seq: number, marks: ReceiptWatermarks): ReceiptState {
  if (seq <= marks.readSeq) return 'read';
  if (seq <= marks.deliveredSeq) return 'delivered';
  return 'sent';
}

export const receiptLabel: Record<ReceiptState, string> = {
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
};

export const receiptTicks: Record<ReceiptState, string> = { sent: '✓', delivered: '✓✓', read: '✓✓' };
