import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { ChatPaneFor } from '../../views/agent/chat-pane.tsx';
import {
  AgentConsolePage,
  AgentNoInboxPage,
  type AgentPermissions,
} from '../../views/agent/console-page.tsx';
import type { StaffUser } from '../auth/staff-user.ts';
import type { AccessDenied } from '../conversations/chat-access.service.ts';
import { BUCKETS } from '../conversations/conversation.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { followUpsDue } from './agent-console.service.ts';
import { loadConsole } from './console.service.ts';

const permissionsOf = (user: StaffUser): AgentPermissions => ({
  liveChat: user.liveChatEnabled,
  crm: user.crmEnabled,
});

/** Maps a refused ownership check to the HTTP answer (STYLE 2.9). */
export function accessError(code: AccessDenied): AppError {
  return code === 'not_found'
    ? new AppError('conversation.not_found', 404, 'We could not find that chat.')
    : new AppError(
        'conversation.read_only',
        403,
        'This chat belongs to a teammate: you can read it but not change it.',
      );
}

/** Unknown values fall back (a stale bookmark still opens the console). */
const consoleQuery = z.object({
  bucket: z.enum(BUCKETS).catch('active'),
  chat: z
    .string()
    .regex(/^[0-9A-Za-z]{1,26}$/)
    .optional()
    .catch(undefined),
});

/** The agent console pages (AGENT-1..8); chat routes need Live Chat, the Leads tab needs CRM. */
export const agentRoutes = new Hono<AppEnv>().get(
  '/agent',
  zValidator('query', consoleQuery, () => undefined),
  async (c) => {
    const deps = c.get('deps');
    const user = currentUser(c);
    const permissions = permissionsOf(user);
    if (!permissions.liveChat) {
      const followUps = permissions.crm ? await followUpsDue(deps, user.id) : undefined;
      return c.html(<AgentNoInboxPage user={user} permissions={permissions} followUps={followUps} />);
    }
    const { bucket, chat } = c.req.valid('query');
    const page = await loadConsole(deps, user.id, { bucket, chatId: chat });
    const { followUps, tabs, list, pane, cannedReplies } = page;
    return c.html(
      <AgentConsolePage
        {...{ user, permissions, followUps, tabs, list }}
        onBreak={user.onBreak}
        pane={pane ? <ChatPaneFor data={pane} cannedReplies={cannedReplies} /> : undefined}
      />,
    );
  },
);
