/** AGENT-4: an agent's saved reply, copied into the composer for editing (never sent by itself). */
export interface CannedReply {
  id: string;
  title: string;
  body: string;
  /** The slot 1..5 it occupies (unique per agent: the cap holds under concurrency). */
  position: number;
}

/** AGENT-4: each agent keeps at most this many canned replies. */
export const MAX_CANNED_REPLIES = 5;

/** Stable DOM ids of the canned replies panel and the composer's picker list. */
export const cannedIds = {
  panel: 'canned-replies-panel',
  pickerList: 'canned-picker-list',
} as const;
