import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  AgentConsolePage,
  AgentFrame,
  AgentNoInboxPage,
  type AgentPermissions,
} from '../../views/agent/console-page.tsx';
import { FollowUpsToday } from '../../views/agent/follow-ups.tsx';
import { StarButton } from '../../views/agent/star-button.tsx';
import { cannedRepliesOf } from '../canned-replies/canned-replies.service.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { requireFeature } from '../http/middleware/require-feature.ts';
import { setStar } from '../stars/stars.service.ts';
import type { AccessDenied } from './agent-console.service.ts';
import { followUpsDue } from './agent-console.service.ts';

export const userOf = (c: Context<AppEnv>) => {
  const user = c.get('session')?.user;
  if (!user) throw new AppError('auth.required', 401, 'Please sign in again.');
  return user;
};

const permissionsOf = (user: ReturnType<typeof userOf>): AgentPermissions => ({
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

const starSchema = z.object({ starred: z.enum(['0', '1']) });

/** The agent console pages (AGENT-1..8); chat routes need Live Chat, the Leads tab needs CRM. */
export const agentRoutes = new Hono<AppEnv>()
  .get('/agent', async (c) => {
    const deps = c.get('deps');
    const user = userOf(c);
    const permissions = permissionsOf(user);
    const followUps = await followUpsDue(deps, user.id);
    if (!permissions.liveChat) {
      return c.html(
        <AgentNoInboxPage
          user={user}
          permissions={permissions}
          followUps={permissions.crm ? followUps : undefined}
        />,
      );
    }
    const cannedReplies = await cannedRepliesOf(deps, user.id);
    return c.html(
      <AgentConsolePage
        user={user}
        permissions={permissions}
        followUps={followUps}
        cannedReplies={cannedReplies}
      />,
    );
  })
  .get('/agent/leads', requireFeature('crm'), async (c) => {
    const user = userOf(c);
    const followUps = await followUpsDue(c.get('deps'), user.id);
    return c.html(
      <AgentFrame user={user} permissions={permissionsOf(user)} currentPath="/agent/leads" heading="Leads">
        <div class="page-header">
          <h1>Leads</h1>
        </div>
        <FollowUpsToday today={followUps.today} items={followUps.items} />
      </AgentFrame>,
    );
  })
  .post(
    '/agent/conversations/:id/star',
    requireFeature('liveChat'),
    zValidator('form', starSchema, (result, c) => {
      if (!result.success) return c.text('starred must be 0 or 1', 422);
    }),
    async (c) => {
      const id = c.req.param('id');
      const result = await setStar(c.get('deps'), userOf(c).id, id, c.req.valid('form').starred === '1');
      if (!result.ok) throw accessError(result.code);
      return c.html(<StarButton conversationId={id} starred={result.value} />);
    },
  );
