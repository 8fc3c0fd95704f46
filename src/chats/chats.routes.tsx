import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { ChatsPage, ChatsResults } from '../../views/chats/chats-page.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { respond } from '../http/respond.ts';
import { LEAD_STAGES } from '../leads/lead-stage.ts';
import { dayRange } from '../shared/day-range.ts';
import { fieldErrors } from '../shared/field-errors.ts';
import { COUNT_CAP, decodeCursor, loadChatsTable } from './chats.service.ts';

/** The Chats table (ADMIN-2), shared by /admin and /manager; the dashboard is src/dashboard. */
export const chatsRoutes = new Hono<AppEnv>();

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .optional()
  .or(z.literal('').transform(() => undefined));

const chatsQuery = z.object({
  status: z.enum(['all', 'unassigned', 'active', 'offline', 'closed']).default('all'),
  stage: z
    .enum(LEAD_STAGES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  agent: z.string().max(26).optional(),
  from: day,
  to: day,
  q: z.string().max(100).optional(),
  after: z.string().max(80).optional(),
});

/** A bad filter is a 400 that names the parameter; nothing is queried. */
const validQuery = <S extends z.ZodType>(schema: S) =>
  zValidator('query', schema, (result) => {
    if (!result.success) {
      const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
      throw new AppError('chats.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
    }
  });

const typed = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));

for (const base of SHARED_CONSOLES) {
  chatsRoutes.get(`${base}/chats`, validQuery(chatsQuery), async (c) => {
    const query = c.req.valid('query');
    const filters = {
      status: query.status,
      stage: query.stage,
      agentId: query.agent,
      search: query.q,
      ...dayRange(query.from, query.to),
    };
    const table = await loadChatsTable(c.get('deps'), filters, decodeCursor(query.after), query);
    const props = {
      base,
      query: typed({ ...query, status: query.status === 'all' ? undefined : query.status }),
      status: query.status,
      countCap: COUNT_CAP,
      ...table,
    };
    return respond(
      c,
      {
        fragment: () => <ChatsResults {...props} />,
        page: () => <ChatsPage user={currentUser(c)} {...props} />,
      },
      table.rangeError ? 422 : 200,
    );
  });
}
