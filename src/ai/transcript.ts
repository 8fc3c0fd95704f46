import type { AiTurn } from './ai.ts';

/**
 * The chat as the model sees it. The caller passes the messages since the chat's last close (so a
 * reopened chat never re-reads an old hand-off), oldest first.
 */
export type TranscriptSender = 'visitor' | 'agent' | 'admin' | 'ai' | 'system';

export interface TranscriptMessage {
  senderKind: TranscriptSender;
  body: string;
  hasAttachment?: boolean;
}

/** The pre-chat form. Kept in every request as the first user turn, however long the chat grows. */
export interface ContactDetails {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  project?: string | null;
}

export interface TrimOptions {
  /** Tokens the transcript may use: the caller takes the context it allows minus system prompt and maxTokens. */
  budgetTokens: number;
  contact: ContactDetails | null;
}

export interface TrimmedTranscript {
  turns: AiTurn[];
  /** Messages that made it in, and those left out (oldest first) for the budget. */
  includedMessages: number;
  omittedMessages: number;
  estimatedTokens: number;
}

/**
 * Token estimate: UTF-8 bytes / 3, rounded up. English runs ~4 characters a token, so this
 * over-counts by a third: room for the ~30% denser tokenizer of current Claude models, and a
 * non-Latin script (2-3 bytes a character) is counted denser still, which matches how tokenizers
 * split it. Per-turn role markup is TURN_OVERHEAD_TOKENS, and 10% of the budget is held back on top.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(utf8Length(text) / 3);
}

export const TURN_OVERHEAD_TOKENS = 4;
export const BUDGET_SAFETY_MARGIN = 0.1;
/** The newest message is never dropped; if it alone is over budget it is cut to at least this. */
const MIN_NEWEST_TOKENS = 64;
const CONTACT_FIELD_MAX_CHARS = 200;

const OMITTED_NOTE = '[Earlier messages of this chat are left out for length.]';
// With the overhead of a turn: it pays for the blank line that joins it to its neighbour.
const NOTE_TOKENS = estimateTokens(OMITTED_NOTE) + TURN_OVERHEAD_TOKENS;
const START_NOTE = '[The visitor opened the chat.]';

export function trimTranscript(
  messages: readonly TranscriptMessage[],
  options: TrimOptions,
): TrimmedTranscript {
  const candidates = messages.flatMap(toTurn);
  const usable = Math.floor(options.budgetTokens * (1 - BUDGET_SAFETY_MARGIN));
  const contact = renderContact(options.contact);
  const fixed = (contact ? estimateTokens(contact) + TURN_OVERHEAD_TOKENS : 0) + NOTE_TOKENS;
  let spent = fixed;

  const newestFirst: AiTurn[] = [];
  for (let i = candidates.length - 1; i >= 0; i--) {
    const turn = candidates[i] as AiTurn;
    const cost = estimateTokens(turn.text) + TURN_OVERHEAD_TOKENS;
    if (spent + cost <= usable) {
      newestFirst.push(turn);
      spent += cost;
      continue;
    }
    if (newestFirst.length === 0) {
      const room = Math.max(MIN_NEWEST_TOKENS, usable - spent - TURN_OVERHEAD_TOKENS);
      const text = cutToTokens(turn.text, room);
      newestFirst.push({ role: turn.role, text });
      spent += estimateTokens(text) + TURN_OVERHEAD_TOKENS;
    }
    break;
  }

  const kept = newestFirst.reverse();
  const omitted = candidates.length - kept.length;
  // The note's room was held back in case it was needed; give it back when it is not.
  if (omitted === 0) spent -= NOTE_TOKENS;
  const opening = [contact, omitted > 0 ? OMITTED_NOTE : ''].filter(Boolean).join('\n\n');
  const turns = mergeSameRole([...(opening ? [{ role: 'user' as const, text: opening }] : []), ...kept]);
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', text: START_NOTE });
  return { turns, includedMessages: kept.length, omittedMessages: omitted, estimatedTokens: spent };
}

/** visitor → user; AI, agent and admin → assistant (the visitor sees one "us"); system lines dropped. */
function toTurn(message: TranscriptMessage): AiTurn[] {
  if (message.senderKind === 'system') return [];
  const role = message.senderKind === 'visitor' ? 'user' : 'assistant';
  const body = message.body.trim();
  if (body !== '') return [{ role, text: body }];
  if (!message.hasAttachment) return [];
  return [{ role, text: role === 'user' ? '[The visitor sent an image.]' : '[Sent an image.]' }];
}

/** Anthropic requires alternating roles starting with the user; both providers read merged turns well. */
function mergeSameRole(turns: readonly AiTurn[]): AiTurn[] {
  const merged: AiTurn[] = [];
  for (const turn of turns) {
    const last = merged[merged.length - 1];
    if (last && last.role === turn.role) last.text = `${last.text}\n\n${turn.text}`;
    else merged.push({ ...turn });
  }
  return merged;
}

export function renderContact(contact: ContactDetails | null): string {
  if (!contact) return '';
  const lines = (
    [
      ['Name', contact.name],
      ['Phone', contact.phone],
      ['Email', contact.email],
      ['Project', contact.project],
    ] as const
  )
    .map(([label, value]) => [label, (value ?? '').trim().slice(0, CONTACT_FIELD_MAX_CHARS)] as const)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}: ${value}`);
  return lines.length ? `Contact form filled in by the visitor before the chat:\n${lines.join('\n')}` : '';
}

/**
 * What both providers need: non-empty, user first, roles alternating, the visitor's turn last
 * (current models refuse an assistant prefill). Returns the problem, or null when usable.
 */
export function checkTurns(turns: readonly AiTurn[]): string | null {
  if (turns.length === 0) return 'the transcript is empty';
  if (turns[0]?.role !== 'user') return 'the transcript must start with the visitor';
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i] as AiTurn;
    if (turn.text.trim() === '') return `turn ${i} is empty`;
    if (i > 0 && turns[i - 1]?.role === turn.role) return `turns ${i - 1} and ${i} have the same role`;
  }
  if (turns[turns.length - 1]?.role !== 'user') return 'the transcript must end with the visitor';
  return null;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += utf8Width(char.codePointAt(0) ?? 0);
  return bytes;
}

// A declaration, not a const: NOTE_TOKENS is computed while the module loads.
function utf8Width(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Keeps the beginning of `text` within `tokens` by the same estimate, marking the cut. */
function cutToTokens(text: string, tokens: number): string {
  const limit = tokens * 3 - 6;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += utf8Width(char.codePointAt(0) ?? 0);
    if (bytes > limit) return `${text.slice(0, end)} […]`;
    end += char.length;
  }
  return text;
}
