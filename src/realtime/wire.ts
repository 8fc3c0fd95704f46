import { z } from 'zod';

/**
 * The JSON spoken on `/ws`, shared by the server, the tests and the browser client
 * (static/js/realtime-client.js mirrors these shapes). Client frames are validated here;
 * visitors receive `visitorServerFrameSchema` frames only.
 */
export const MAX_FRAME_BYTES = 16 * 1024;

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
    body: z.string().max(4000),
    replyToId: id.optional(),
  }),
  z.strictObject({ type: z.literal('typing'), conversationId: id, typing: z.boolean() }),
  z.strictObject({ type: z.literal('delivered'), conversationId: id, seq }),
  z.strictObject({ type: z.literal('read'), conversationId: id, seq }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  senderKind: z.enum(['visitor', 'agent', 'admin', 'ai', 'system']),
  senderUserId: z.string().nullable(),
  senderName: z.string().nullable(),
  clientMessageId: z.string(),
  body: z.string(),
  replyToId: z.string().nullable(),
  attachmentId: z.string().nullable(),
  createdAt: z.string(),
});

const status = z.enum(['unassigned', 'active', 'offline', 'closed']);
const side = z.enum(['visitor', 'staff']);

/** Events whose audience is 'everyone' (src/realtime/events.ts), as the visitor receives them. */
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
]);
export type ControlFrame = z.infer<typeof controlFrameSchema>;

export const visitorServerFrameSchema = z.union([visitorEventSchema, controlFrameSchema]);
export type VisitorServerFrame = z.infer<typeof visitorServerFrameSchema>;
