import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ChatPanel, ChatPanelPage, type ChatPanelProps } from '../../views/chats/chat-panel.tsx';
import { OlderMessages } from '../../views/chats/chat-sections.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { respond } from '../http/respond.ts';
import { conversionValueField } from '../leads/lead-stage.forms.ts';
import { changeLeadStage, conversionCurrencyOf } from '../leads/lead-stage.service.ts';
import { LEAD_STAGES } from '../leads/lead-stage.ts';
import { MAX_MESSAGE_LENGTH } from '../messages/message.ts';
import { closeConversation } from '../routing/lifecycle.service.ts';
import { assignByStaff } from '../routing/transfer.service.ts';
import { blockRefusalText } from '../security/block-refusals.ts';
import { type DataLayerEvent, dataLayerTrigger } from '../tracking/data-layer.ts';
import { blockVisitor, loadChatHistory, replyAsAdmin, unblockVisitor } from './chat-actions.service.ts';
import { loadChatPanel } from './chats.service.ts';

/**
 * The chat modal of the Chats table (ADMIN-2), a route-addressable panel under /admin and /manager:
 * assign, close (and block, reply, lead stage as their modules land). Every action answers with the
 * re-rendered panel; a successful one also tells the table behind it to refresh (HX-Trigger).
 */
export const chatPanelRoutes = new Hono<AppEnv>();

/** Why an assignment was refused, in the words the modal shows. */
const assignRefusal: Record<string, string> = {
  target_no_live_chat: 'That person does not take live chats.',
  target_offline: 'That agent is offline right now.',
  target_on_break: 'That agent is on a break.',
  target_at_limit:
    'That agent is at their chat limit. Tick “Assign over their limit” to give them the chat anyway.',
  same_agent: 'The chat is already with that agent.',
  closed: 'This chat has ended.',
  not_found: 'This chat no longer exists.',
  not_owner: 'You cannot act on this chat.',
};

type PanelExtras = Pick<ChatPanelProps, 'errors' | 'assignTo' | 'assigned'> & {
  dataLayer?: DataLayerEvent | undefined;
};

async function renderPanel(
  c: Context<AppEnv>,
  base: string,
  notice?: ChatPanelProps['notice'],
  status: 200 | 422 = 200,
  extras: PanelExtras = {},
) {
  const data = await loadChatPanel(c.get('deps'), c.req.param('id') ?? '');
  if (!data) throw notFound('We could not find that chat.');
  const { dataLayer: _event, ...shown } = extras;
  const currency = await conversionCurrencyOf(c.get('deps'), data.conversation.id);
  const props = { base, notice, ...shown, ...data, currency };
  // The table behind the modal refreshes itself when a chat changed (see ChatsResults).
  const changed = notice?.kind === 'success' || extras.assigned ? ['chats-changed'] : [];
  // A tracked stage change also goes to the page's dataLayer (TRACK-2, client/staff/data-layer.ts).
  if (extras.dataLayer) c.header('HX-Trigger', dataLayerTrigger(extras.dataLayer, changed));
  else if (changed.length > 0) c.header('HX-Trigger', changed.join(', '));
  return respond(
    c,
    {
      fragment: () => <ChatPanel {...props} />,
      page: () => <ChatPanelPage user={currentUser(c)} {...props} />,
    },
    status,
  );
}

const TOO_LONG = `Keep it under ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} characters.`;

const replyForm = z.object({
  body: z.string().trim().min(1, 'Write a message.').max(MAX_MESSAGE_LENGTH, TOO_LONG),
});
const blockForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Give a reason for the block.')
    .max(500, 'Keep the reason under 500 characters.'),
});
const validQueryBefore = zValidator('query', z.object({ before: z.string().max(120).optional() }));
const replyRefusal: Record<string, string> = {
  conversation_closed: 'This chat has ended: replies are closed.',
  empty_message: 'Write a message.',
  message_too_long: TOO_LONG,
};
const stageForm = z.object({
  stage: z.enum(LEAD_STAGES, { error: 'Choose a stage.' }),
  value: conversionValueField,
});
const assignForm = z.object({
  agentId: z.string().min(1, 'Choose an agent.').max(26),
  overLimit: z.literal('on').optional(),
});

for (const base of SHARED_CONSOLES) {
  chatPanelRoutes.get(`${base}/chats/:id`, (c) => renderPanel(c, base));

  chatPanelRoutes.post(
    `${base}/chats/:id/assign`,
    validForm(assignForm, (c, errors) =>
      renderPanel(c, base, { kind: 'error', text: errors.agentId ?? 'Choose an agent.' }, 422),
    ),
    async (c) => {
      const form = c.req.valid('form');
      const input = {
        conversationId: c.req.param('id'),
        toUserId: form.agentId,
        actorId: currentUser(c).id,
        overLimit: form.overLimit === 'on',
      };
      const result = await assignByStaff(c.get('deps'), input);
      if (!result.ok && result.code === 'not_found') throw notFound('We could not find that chat.');
      if (!result.ok) {
        const text = assignRefusal[result.code] ?? 'Could not assign.';
        return renderPanel(c, base, { kind: 'error', text }, 422, { assignTo: form.agentId });
      }
      return renderPanel(c, base, undefined, 200, { assigned: result.value });
    },
  );

  chatPanelRoutes.post(`${base}/chats/:id/close`, async (c) => {
    const result = await closeConversation(c.get('deps'), {
      conversationId: c.req.param('id'),
      actorId: currentUser(c).id,
    });
    if (!result.ok && result.code === 'not_found') throw notFound('We could not find that chat.');
    if (!result.ok)
      return renderPanel(
        c,
        base,
        { kind: 'error', text: assignRefusal[result.code] ?? 'Could not close.' },
        422,
      );
    return renderPanel(c, base, { kind: 'success', text: 'Chat closed.' });
  });

  chatPanelRoutes.post(
    `${base}/chats/:id/stage`,
    validForm(stageForm, (c, errors) =>
      renderPanel(c, base, { kind: 'error', text: errors.stage ?? errors.value ?? 'Choose a stage.' }, 422),
    ),
    async (c) => {
      const input = {
        conversationId: c.req.param('id'),
        stage: c.req.valid('form').stage,
        actor: currentUser(c),
      };
      const changed = await changeLeadStage(c.get('deps'), {
        ...input,
        value: c.req.valid('form').value ?? null,
      });
      if (!changed.ok) throw notFound('We could not find that chat.');
      return renderPanel(c, base, { kind: 'success', text: 'Lead stage saved.' }, 200, {
        dataLayer: changed.value.dataLayer,
      });
    },
  );

  chatPanelRoutes.get(`${base}/chats/:id/history`, validQueryBefore, async (c) => {
    const action = `${base}/chats/${c.req.param('id')}`;
    const history = await loadChatHistory(c.get('deps'), c.req.param('id'), c.req.valid('query').before);
    if (!history) throw notFound('We could not find that chat.');
    return c.html(<OlderMessages action={action} history={history} />);
  });

  chatPanelRoutes.post(
    `${base}/chats/:id/reply`,
    validForm(replyForm, (c, errors) => renderPanel(c, base, undefined, 422, { errors })),
    async (c) => {
      const actor = currentUser(c);
      const input = { conversationId: c.req.param('id'), body: c.req.valid('form').body, actor };
      const sent = await replyAsAdmin(c.get('deps'), input);
      if (!sent.ok && sent.code === 'conversation_not_found') throw notFound('We could not find that chat.');
      if (!sent.ok)
        return renderPanel(
          c,
          base,
          { kind: 'error', text: replyRefusal[sent.code] ?? 'Could not send.' },
          422,
        );
      return renderPanel(c, base, { kind: 'success', text: 'Sent.' });
    },
  );

  chatPanelRoutes.post(
    `${base}/chats/:id/block`,
    validForm(blockForm, (c, errors) => renderPanel(c, base, undefined, 422, { errors })),
    async (c) => {
      const input = {
        conversationId: c.req.param('id'),
        reason: c.req.valid('form').reason,
        actorId: currentUser(c).id,
        actorIp: c.get('clientIp'),
      };
      const blocked = await blockVisitor(c.get('deps'), input);
      if (!blocked.ok) {
        const text =
          blocked.code === 'chat.no_visitor_ip'
            ? 'This visitor cannot be blocked.'
            : blockRefusalText(blocked);
        return renderPanel(c, base, { kind: 'error', text }, 422);
      }
      return renderPanel(c, base, {
        kind: 'success',
        text: `Blocked ${blocked.value.ip}; the chat is closed.`,
      });
    },
  );

  chatPanelRoutes.post(`${base}/chats/:id/unblock`, async (c) => {
    const lifted = await unblockVisitor(c.get('deps'), {
      conversationId: c.req.param('id'),
      actorId: currentUser(c).id,
    });
    if (!lifted.ok) return renderPanel(c, base, { kind: 'error', text: 'This visitor is not blocked.' }, 422);
    return renderPanel(c, base, { kind: 'success', text: `Unblocked ${lifted.value.ip}.` });
  });
}
