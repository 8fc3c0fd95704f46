import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { QaChatPage, QaPage, QaResults } from '../../views/qa/qa-page.tsx';
import { QaBubbles, QaOlderMessages, QaPane } from '../../views/qa/qa-pane.tsx';
import { ReviewQueuePage } from '../../views/qa/review-queue-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError, notFound } from '../http/errors.ts';
import { respond } from '../http/respond.ts';
import { dayRange, dayRangeProblem } from '../shared/day-range.ts';
import { fieldErrors } from '../shared/field-errors.ts';
import { decodeKeysetCursor } from '../shared/keyset-cursor.ts';
import { loadQaList, loadQaMessages, loadQaPane } from './qa.service.ts';
import { QA_SCORED, QA_STATUSES } from './qa.ts';
import { loadReviewQueue } from './review-queue.service.ts';
import { renderScoreSection } from './scorecards.routes.tsx';

/** The QA console (QA-1, QA-2): GET routes only; scoring has its own router (scorecards). */
export const qaRoutes = new Hono<AppEnv>();

const optional = <S extends z.ZodType>(schema: S) =>
  schema.optional().or(z.literal('').transform(() => undefined));
const day = optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));
const id = optional(z.string().max(26));

const listQuery = z.object({
  status: z.enum(QA_STATUSES).default('all'),
  scored: optional(z.enum(QA_SCORED)),
  agent: id,
  project: id,
  from: day,
  to: day,
  after: z.string().max(120).optional(),
});

const messagesQuery = z.object({
  before: z.string().max(120).optional(),
  after: z.coerce.number().int().min(0).optional(),
});

/** A bad filter is a 400 that names the parameter; nothing is queried. */
const validQuery = <S extends z.ZodType>(schema: S) =>
  zValidator('query', schema, (result) => {
    if (!result.success) {
      const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
      throw new AppError('qa.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
    }
  });

const typed = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));

qaRoutes.get('/qa', validQuery(listQuery), async (c) => {
  const query = c.req.valid('query');
  const filters = {
    status: query.status,
    scored: query.scored ?? 'all',
    agentId: query.agent,
    projectId: query.project,
    ...dayRange(query.from, query.to),
  };
  const rangeError = dayRangeProblem(query.from, query.to);
  const list = await loadQaList(c.get('deps'), filters, decodeKeysetCursor(query.after));
  const props = {
    query: typed({ ...query, status: query.status === 'all' ? undefined : query.status }),
    ...list,
    ...(rangeError ? { rows: [], nextCursor: undefined, rangeError } : {}),
  };
  return respond(
    c,
    { fragment: () => <QaResults {...props} />, page: () => <QaPage user={currentUser(c)} {...props} /> },
    rangeError ? 422 : 200,
  );
});

qaRoutes.get('/qa/chats/:id', async (c) => {
  const data = await loadQaPane(c.get('deps'), c.req.param('id'));
  if (!data) throw notFound('We could not find that chat.');
  const pane = <QaPane data={data} scores={await renderScoreSection(c, data.conversation.id)} />;
  return respond(c, {
    fragment: () => pane,
    page: () => (
      <QaChatPage user={currentUser(c)} title={data.conversation.visitorName ?? 'Visitor'}>
        {pane}
      </QaChatPage>
    ),
  });
});

/** Older messages (`before`, scroll-up) or newer ones (`after` a sequence, on a live event). */
qaRoutes.get('/qa/chats/:id/messages', validQuery(messagesQuery), async (c) => {
  const conversationId = c.req.param('id');
  const { before, after } = c.req.valid('query');
  const found = await loadQaMessages(c.get('deps'), conversationId, { before, afterSeq: after });
  if (!found) throw notFound('We could not find that chat.');
  const { page, visitorName } = found;
  if (after !== undefined)
    return c.html(<QaBubbles messages={page.messages} page={page} visitorName={visitorName} />);
  return c.html(<QaOlderMessages conversationId={conversationId} page={page} visitorName={visitorName} />);
});

const weekQuery = z.object({ week: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')) });

/** This week's review sample per agent (QA-3); ?week= any day of another week. */
qaRoutes.get('/qa/queue', validQuery(weekQuery), async (c) => {
  const queue = await loadReviewQueue(c.get('deps'), c.req.valid('query').week);
  return c.html(<ReviewQueuePage user={currentUser(c)} {...queue} />);
});
