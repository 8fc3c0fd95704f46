import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../conversations/conversation.ts';
import type { VisitorEvent } from '../events/events.ts';
import { MAX_MESSAGE_LENGTH, type Message, SENDER_KINDS } from '../messages/message.ts';
import type { ClientFrame, ControlFrame, VisitorServerFrame } from './wire.ts';

/**
 * The schemas of the `/ws` frames (wire.ts has their types): client frames are validated with
 * them before anything else, and tests check what visitors receive. Each is built from the
 * domain's own constants (statuses, sender kinds, the length limit) and held equal to its type
 * in wire.ts at compile time, so the wire cannot drift from the domain or from the browser.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(check: Same<A, B>) => check;

const id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
const seq = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);

export const clientFrameSchema = z.discriminatedUnion('type', [
  /** Follow a conversation; with afterSeq the server answers with a catch-up of later messages. */
  z.strictObject({ type: z.literal('join'), conversationId: id, afterSeq: seq.optional() }),
  z.strictObject({ type: z.literal('leave'), conversationId: id }),
  z.strictObject({
    type: z.literal('send'),
    conversationId: id,
    clientMessageId: id,
    body: z.string().max(MAX_MESSAGE_LENGTH),
    replyToId: id.optional(),
  }),
  z.strictObject({ type: z.literal('typing'), conversationId: id, typing: z.boolean() }),
  z.strictObject({ type: z.literal('delivered'), conversationId: id, seq }),
  z.strictObject({ type: z.literal('read'), conversationId: id, seq }),
  z.strictObject({ type: z.literal('ping') }),
]);
same<z.infer<typeof clientFrameSchema>, ClientFrame>(true);

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  senderKind: z.enum(SENDER_KINDS),
  senderUserId: z.string().nullable(),
  senderName: z.string().nullable(),
  clientMessageId: z.string(),
  body: z.string(),
  replyToId: z.string().nullable(),
  attachmentId: z.string().nullable(),
  createdAt: z.string(),
});
same<z.infer<typeof messageSchema>, Message>(true);

const status = z.enum(CONVERSATION_STATUSES);
const side = z.enum(['visitor', 'staff']);

/** What a visitor may receive of the events (src/events/audience.ts `visitorFormOf`). */
export const visitorEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.created'), conversationId: z.string(), message: messageSchema }),
  z.object({
    type: z.literal('receipt.updated'),
    conversationId: z.string(),
    side,
    deliveredSeq: z.number().int(),
    readSeq: z.number().int(),
  }),
  z.object({
    type: z.literal('typing.changed'),
    conversationId: z.string(),
    side,
    typing: z.boolean(),
    name: z.string().optional(),
  }),
  z.object({ type: z.literal('conversation.status_changed'), conversationId: z.string(), status }),
  z.object({
    type: z.literal('conversation.closed'),
    conversationId: z.string(),
    closedBy: z.string().nullable(),
  }),
]);
same<z.infer<typeof visitorEventSchema>, VisitorEvent>(true);

/** Replies to one socket (both audiences): acks, catch-up, errors. */
export const controlFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), kind: z.enum(['visitor', 'staff']), connectionId: z.string() }),
  z.object({
    type: z.literal('joined'),
    conversationId: z.string(),
    lastSeq: z.number().int(),
    messages: z.array(messageSchema),
  }),
  z.object({ type: z.literal('ack'), clientMessageId: z.string(), message: messageSchema }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    clientMessageId: z.string().optional(),
    field: z.string().optional(),
  }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('resync') }),
]);
same<z.infer<typeof controlFrameSchema>, ControlFrame>(true);

export const visitorServerFrameSchema = z.union([visitorEventSchema, controlFrameSchema]);
same<z.infer<typeof visitorServerFrameSchema>, VisitorServerFrame>(true);
