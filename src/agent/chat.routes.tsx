import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { agentEvents } from '../../views/agent/agent-dom-ids.ts';
import { ChatPaneFor, LeadStageControl } from '../../views/agent/chat-pane.tsx';
import { NewerMessages, OlderMessages } from '../../views/agent/message-list.tsx';
import { StarButton } from '../../views/agent/star-button.tsx';
import { cannedRepliesOf } from '../canned-replies/canned-replies.service.ts';
import { checkChatAccess } from '../conversations/chat-access.service.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { requireFeature } from '../http/middleware/require-feature.ts';
import { conversionValueField } from '../leads/lead-stage.forms.ts';
import { changeLeadStage, checkStageAccess, conversionCurrencyOf } from '../leads/lead-stage.service.ts';
import { LEAD_STAGES } from '../leads/lead-stage.ts';
import { closeConversation } from '../routing/lifecycle.service.ts';
import { transferConversation } from '../routing/transfer.service.ts';
import { setStar } from '../stars/stars.service.ts';
import { dataLayerTrigger } from '../tracking/data-layer.ts';
import { accessError } from './agent.routes.tsx';
import { loadChatPane, loadMessages, pickUpConversation } from './pane.service.ts';

const refusals: Record<string, string> = {
  target_no_live_chat: 'That agent cannot take chats (no Live Chat permission).',
  target_offline: 'That agent is offline now.',
  target_on_break: 'That agent is on a break.',
  target_at_limit: 'That agent has no free chat slot.',
  same_agent: 'Pick another agent.',
  not_owner: 'This chat is no longer yours.',
  closed: 'This chat has already ended.',
  taken: 'Someone else picked up this chat first.',
  not_found: 'We could not find that chat.',
  read_only: 'This chat belongs to a teammate: you can read it but not change it.',
};

/** Pick-up is about the agent themself, so its refusals say "you". */
const pickUpRefusals: Record<string, string> = {
  target_no_live_chat: 'Your account cannot take chats.',
  target_offline: 'You appear offline: keep the console open to take chats.',
  target_on_break: 'You are on a break: end it to take chats.',
  target_at_limit: 'You are at your active chat limit.',
};

/** Renders the pane, optionally with a notice (a refused transfer, a lost pick-up race). */
async function paneResponse(c: Context<AppEnv>, id: string, notice?: string, status: 200 | 409 | 422 = 200) {
  const deps = c.get('deps');
  const user = currentUser(c);
  const pane = await loadChatPane(deps, user.id, id);
  if (!pane.ok) throw accessError(pane.code);
  c.header('Vary', 'HX-Request');
  const cannedReplies = pane.value.chat.access === 'own' ? await cannedRepliesOf(deps, user.id) : [];
  return c.html(<ChatPaneFor data={pane.value} cannedReplies={cannedReplies} notice={notice} />, status);
}

const messagesQuery = z.object({
  before: z.string().max(200).optional(),
  after: z.coerce.number().int().min(0).optional(),
});

const formError = (field: string, message: string) => new AppError(`chat.bad_${field}`, 422, message);

/** AGENT-3 chat pane and its actions; every one checks ownership in the service (ADMIN-7). */
export const chatRoutes = new Hono<AppEnv>()
  .use('*', requireFeature('liveChat'))
  .get('/:id', async (c) => {
    if (!isFragmentRequest(c)) return c.redirect(`/agent?chat=${encodeURIComponent(c.req.param('id'))}`, 303);
    return paneResponse(c, c.req.param('id'));
  })
  .get(
    '/:id/messages',
    zValidator('query', messagesQuery, (result) => {
      if (!result.success) throw new AppError('chat.bad_query', 400, 'Check the before / after parameters.');
    }),
    async (c) => {
      const id = c.req.param('id');
      const { before, after } = c.req.valid('query');
      const page = await loadMessages(c.get('deps'), currentUser(c).id, id, { before, afterSeq: after });
      if (!page.ok) {
        if (page.code === 'bad_cursor')
          throw new AppError('chat.bad_query', 400, 'Check the before parameter.');
        throw accessError(page.code);
      }
      const props = {
        conversationId: id,
        messages: page.value.messages,
        quotes: page.value.quotes,
        images: page.value.images,
        visitorName: page.value.visitorName,
        visitorDeliveredSeq: page.value.receipts.visitorDeliveredSeq,
        visitorReadSeq: page.value.receipts.visitorReadSeq,
      };
      if (after !== undefined) return c.html(<NewerMessages {...props} />);
      return c.html(<OlderMessages {...props} olderCursor={page.value.olderCursor} />);
    },
  )
  .post(
    '/:id/star',
    zValidator('form', z.object({ starred: z.enum(['0', '1']) }), (result) => {
      if (!result.success) throw formError('starred', 'starred must be 0 or 1.');
    }),
    async (c) => {
      const id = c.req.param('id');
      const result = await setStar(c.get('deps'), currentUser(c).id, id, c.req.valid('form').starred === '1');
      if (!result.ok) throw accessError(result.code);
      c.header('HX-Trigger', agentEvents.bucketRefresh); // the row's star follows
      return c.html(<StarButton conversationId={id} starred={result.value} />);
    },
  )
  .post(
    '/:id/stage',
    zValidator(
      'form',
      z.object({ stage: z.enum(LEAD_STAGES), value: z.string().max(40).optional() }),
      (result) => {
        if (!result.success)
          throw formError('stage', 'stage must be one of New, Qualified, Not qualified, Converted.');
      },
    ),
    async (c) => {
      const id = c.req.param('id');
      const deps = c.get('deps');
      const form = c.req.valid('form');
      const allowed = await checkStageAccess(deps, currentUser(c), id);
      if (!allowed.ok) throw accessError(allowed.code);
      // Converted asks for the deal value first (Meta's Purchase needs one); the second post has it.
      if (form.stage === 'converted' && form.value === undefined) {
        const currency = await conversionCurrencyOf(deps, id);
        return c.html(
          <LeadStageControl chatId={id} stage="converted" editable askValue currency={currency} />,
        );
      }
      const value = conversionValueField.safeParse(form.value);
      if (!value.success) {
        const currency = await conversionCurrencyOf(deps, id);
        const error = value.error.issues[0]?.message;
        return c.html(
          <LeadStageControl
            chatId={id}
            stage="converted"
            editable
            askValue
            currency={currency}
            error={error}
          />,
          422,
        );
      }
      const result = await changeLeadStage(deps, {
        actor: currentUser(c),
        conversationId: id,
        stage: form.stage,
        value: value.data ?? null,
      });
      if (!result.ok) throw accessError(result.code);
      // The staff client pushes the conversion to the page's dataLayer (TRACK-2).
      if (result.value.dataLayer) c.header('HX-Trigger', dataLayerTrigger(result.value.dataLayer));
      return c.html(<LeadStageControl chatId={id} stage={result.value.to} editable />);
    },
  )
  .post(
    '/:id/transfer',
    zValidator('form', z.object({ to: z.string().regex(/^[0-9A-Za-z]{1,26}$/) }), (result) => {
      if (!result.success) throw formError('to', 'Choose the agent to transfer to.');
    }),
    async (c) => {
      const id = c.req.param('id');
      const user = currentUser(c);
      const access = await checkChatAccess(c.get('deps'), user.id, id, 'write');
      if (!access.ok) throw accessError(access.code);
      const result = await transferConversation(c.get('deps'), {
        conversationId: id,
        fromUserId: user.id,
        toUserId: c.req.valid('form').to,
      });
      if (!result.ok) return paneResponse(c, id, refusals[result.code] ?? 'The transfer was refused.', 422);
      c.header('HX-Trigger', agentEvents.inboxChanged);
      return paneResponse(c, id, 'Transferred. The chat is now with your teammate.');
    },
  )
  .post('/:id/close', async (c) => {
    const id = c.req.param('id');
    const user = currentUser(c);
    const access = await checkChatAccess(c.get('deps'), user.id, id, 'write');
    if (!access.ok) throw accessError(access.code);
    const result = await closeConversation(c.get('deps'), { conversationId: id, actorId: user.id });
    if (!result.ok) return paneResponse(c, id, refusals[result.code], 409);
    c.header('HX-Trigger', agentEvents.inboxChanged);
    return paneResponse(c, id);
  })
  .post('/:id/pick-up', async (c) => {
    const id = c.req.param('id');
    const user = currentUser(c);
    const access = await checkChatAccess(c.get('deps'), user.id, id, 'read');
    if (!access.ok) throw accessError(access.code);
    const result = await pickUpConversation(c.get('deps'), user.id, id);
    if (!result.ok) return paneResponse(c, id, pickUpRefusals[result.code] ?? refusals[result.code], 409);
    c.header('HX-Trigger', agentEvents.inboxChanged);
    return paneResponse(c, id);
  });
