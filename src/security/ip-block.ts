/**
 * Blocked addresses (SEC-1..3) as the consoles see them: the block row, its listing on the
 * Blocked addresses page, and the words for the automatic rules. Pure: no database, no clock.
 */
export interface IpBlock {
  id: string;
  ip: string;
  kind: 'manual' | 'strike';
  rule: string | null;
  reason: string | null;
  conversationId: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
}

/** A block with the names of who made it and who lifted it (the audit trail, SEC-3). */
export interface IpBlockListing extends IpBlock {
  createdByName: string | null;
  liftedByName: string | null;
}

/** In force: blocking now. History: lifted by someone, or ended by themselves. */
export type BlockListState = 'active' | 'history';
export type BlockListKind = 'all' | 'manual' | 'strike';

export interface BlockListFilter {
  state: BlockListState;
  kind: BlockListKind;
  /** An exact, normalised address. */
  ip?: string | undefined;
}

export interface BlockCursor {
  createdAt: string;
  id: string;
}

/** What each automatic (strike) rule of SEC-2 is called on the page. */
export const strikeRuleLabel: Record<string, string> = {
  failed_login: 'Failed sign-ins',
  non_browser: 'Scripted requests',
  bad_upload: 'Refused uploads',
  rate_limited: 'Rate limit hits',
};

/** Whether a block is blocking at `now` (ISO instants compare as text, ADR 0002). */
export const isInForce = (block: Pick<IpBlock, 'liftedAt' | 'expiresAt'>, now: string): boolean =>
  block.liftedAt === null && (block.expiresAt === null || block.expiresAt > now);
