import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { listUrl } from '../../views/components/keyset-pager.tsx';
import { BoardMoreCards, LeadBoard, LeadBoardPage } from '../../views/crm/lead-board.tsx';
import { LeadPage } from '../../views/crm/lead-page.tsx';
import { LeadSide } from '../../views/crm/lead-side.tsx';
import { LeadsPage, LeadsResults } from '../../views/crm/leads-page.tsx';
import { agentNav } from '../../views/layouts/app-shell.tsx';
import { SHARED_CONSOLES, scopeOf } from '../auth/policy.ts';
import type { StaffUser } from '../auth/staff-user.ts';
import { findConversationById } from '../conversations/conversations.queries.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { requireFeature } from '../http/middleware/require-feature.ts';
import { respond } from '../http/respond.ts';
import { findChatLeadSummary } from '../leads/chat-leads.queries.ts';
import { conversionValueField, VALUE_ERROR } from '../leads/lead-stage.forms.ts';
import { LEAD_STAGES } from '../leads/lead-stage.ts';
import { csvExportStream } from '../reports/csv-export.ts';
import { dayOf } from '../shared/clock.ts';
import { dayRange } from '../shared/day-range.ts';
import { fieldErrors } from '../shared/field-errors.ts';
import { decodeKeysetCursor } from '../shared/keyset-cursor.ts';
import { dataLayerTrigger } from '../tracking/data-layer.ts';
import { setDataLayerFlash, takeDataLayerFlash } from '../tracking/data-layer-flash.ts';
import { FOLLOW_UP_FILTERS, LEAD_SOURCES, type LeadFilters } from './lead.ts';
import {
  type Actor,
  addLeadNote,
  assignableAgents,
  assignLead,
  changeStageOfLead,
  LEAD_COUNT_CAP,
  type LeadError,
  leadsOfFilter,
  loadBoardColumn,
  loadLead,
  loadLeadBoard,
  loadLeadInbox,
  loadLeadInboxChoices,
  NOTE_MAX,
  REMARK_MAX,
  setLeadFollowUp,
} from './leads.service.ts';

/**
 * The lead inbox and lead detail (CRM-1..4) in each console that has them: admins and managers
 * under their shared bases, agents under /agent with CRM Leads on (AGENT-6). `/crm` sends each
 * person to their own. Every rule is in leads.service.ts; these routes only read and answer.
 */
export const crmRoutes = new Hono<AppEnv>();

const optional = <T extends z.ZodType>(schema: T) =>
  schema.optional().or(z.literal('').transform(() => undefined));
const day = optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));
const ID = /^[0-9A-Za-z]{1,26}$/;

const leadsQuery = z.object({
  source: optional(z.enum(LEAD_SOURCES)),
  stage: optional(z.enum(LEAD_STAGES)),
  agent: optional(z.string().regex(/^(none|[0-9A-Za-z]{1,26})$/, 'an agent id or "none"')),
  project: optional(z.string().regex(ID, 'a project id')),
  followup: optional(z.enum(FOLLOW_UP_FILTERS)),
  from: day,
  to: day,
  q: optional(z.string().max(100)),
  after: optional(z.string().max(120)),
});
type LeadsQuery = z.infer<typeof leadsQuery>;

/** A bad filter is a 400 that names the parameter; nothing is queried. */
const validQuery = zValidator('query', leadsQuery, (result) => {
  if (!result.success) {
    const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
    throw new AppError('leads.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
  }
});

const typed = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));

const actorOf = (user: StaffUser): Actor => ({ id: user.id, role: user.role, displayName: user.displayName });

function filtersOf(c: Context<AppEnv>, query: LeadsQuery): LeadFilters {
  return {
    source: query.source,
    stage: query.stage,
    assigneeId: query.agent,
    projectId: query.project,
    followUp: query.followup,
    today: dayOf(c.get('deps').clock.now()),
    search: query.q,
    ...dayRange(query.from, query.to),
  };
}

const leadError = (code: LeadError) => {
  if (code === 'forbidden') return new AppError('leads.forbidden', 403, 'You cannot change this lead.');
  if (code === 'agent_not_found')
    return new AppError('leads.agent_not_found', 422, 'Choose an active agent.');
  if (code === 'invalid') return new AppError('leads.invalid', 422, 'Check the form.');
  return new AppError('leads.not_found', 404, 'We could not find that lead.');
};

const CSV_COLUMNS = [
  { key: 'id', header: 'Lead id' },
  { key: 'createdAt', header: 'Created (UTC)' },
  { key: 'name', header: 'Name' },
  { key: 'phone', header: 'Phone' },
  { key: 'email', header: 'Email' },
  { key: 'stage', header: 'Stage' },
  { key: 'source', header: 'Source' },
  { key: 'assigneeName', header: 'Agent' },
  { key: 'followUpOn', header: 'Follow-up' },
  { key: 'utmCampaign', header: 'Campaign' },
  { key: 'projectTitle', header: 'Project' },
  { key: 'duplicateOfId', header: 'Repeat of lead' },
] as const;

/** `conversation`: the form sits beside that chat (the lead panel), which is answered in place. */
const besideChat = { conversation: optional(z.string().regex(ID)) };
const noteForm = z.object({ body: z.string().max(NOTE_MAX * 2), ...besideChat });
const followUpForm = z.object({
  ...besideChat,
  follow_up_on: day,
  final_remark: z.string().max(REMARK_MAX, `Keep the remark under ${REMARK_MAX} characters.`).optional(),
});
const assignForm = z.object({ assignee: optional(z.string().regex(ID)) });
const stageForm = z.object({ stage: z.enum(LEAD_STAGES) });
const boardStageForm = z.object({ stage: z.enum(LEAD_STAGES), value: z.string().max(40).optional() });

/** A refused form is a 422 naming the field; the lead is unchanged. */
const validForm = <S extends z.ZodType>(schema: S) =>
  zValidator('form', schema, (result) => {
    if (!result.success) {
      const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['form', 'invalid'];
      throw new AppError('leads.invalid', 422, `"${field}": ${message}`);
    }
  });

for (const base of [...SHARED_CONSOLES, '/agent', '/qa'] as const) {
  const forAgent = base === '/agent';
  const readOnly = base === '/qa';
  if (forAgent) {
    crmRoutes.use('/agent/leads', requireFeature('crm'));
    crmRoutes.use('/agent/leads/*', requireFeature('crm'));
    crmRoutes.use('/agent/leads.csv', requireFeature('crm'));
  }
  const navOf = (user: StaffUser) =>
    forAgent ? agentNav({ liveChat: user.liveChatEnabled, crm: user.crmEnabled }) : undefined;
  const chatHref = (conversationId: string | null) =>
    conversationId
      ? forAgent
        ? `/agent?chat=${conversationId}`
        : readOnly
          ? `/qa?chat=${conversationId}`
          : `${base}/chats/${conversationId}`
      : undefined;

  crmRoutes.get(`${base}/leads`, validQuery, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    const inbox = await loadLeadInbox(
      c.get('deps'),
      actorOf(user),
      filtersOf(c, query),
      decodeKeysetCursor(query.after),
      query,
    );
    const props = {
      base,
      query: typed(query),
      source: query.source,
      countCap: LEAD_COUNT_CAP,
      forAgent,
      ...inbox,
    };
    return respond(
      c,
      {
        fragment: () => <LeadsResults {...props} />,
        page: () => (
          <LeadsPage user={user} nav={navOf(user)} withConsoleStyles={forAgent || readOnly} {...props} />
        ),
      },
      inbox.rangeError ? 422 : 200,
    );
  });

  crmRoutes.get(`${base}/leads.csv`, validQuery, (c) => {
    const user = currentUser(c);
    const filters = filtersOf(c, c.req.valid('query'));
    const stream = csvExportStream({
      columns: CSV_COLUMNS,
      rows: leadsOfFilter(c.get('deps'), actorOf(user), filters),
    });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="leads-${filters.today}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(stream);
  });

  const showLead = async (
    c: Context<AppEnv>,
    notice?: { kind: 'success' | 'error'; text: string },
    noteDraft?: string,
  ) => {
    const user = currentUser(c);
    const deps = c.get('deps');
    const actor = actorOf(user);
    const loaded = await loadLead(deps, actor, c.req.param('id') ?? '');
    if (!loaded.ok) throw leadError('not_found');
    const assignScope = scopeOf(user.role, 'crm.assign');
    const agents = await assignableAgents(deps);
    const dataLayerEvents = takeDataLayerFlash(c, `${base}/leads/${c.req.param('id')}`);
    return c.html(
      <LeadPage
        dataLayerEvents={dataLayerEvents}
        base={base}
        user={user}
        nav={navOf(user)}
        withConsoleStyles={forAgent || readOnly}
        lead={loaded.value.lead}
        notes={loaded.value.notes}
        agents={agents}
        chatHref={chatHref(loaded.value.lead.conversationId)}
        can={{
          work: scopeOf(user.role, 'crm.work') !== undefined,
          stage: scopeOf(user.role, 'leads.stage') !== undefined,
          assign: assignScope === 'all' ? 'any' : assignScope === 'own' ? 'own' : false,
        }}
        notice={notice}
        noteDraft={noteDraft}
      />,
      notice?.kind === 'error' ? 422 : 200,
    );
  };

  // The pipeline board (BEYOND-8): registered before `/leads/:id`, which "board" would match.
  const boardPath = `${base}/leads/board`;
  const showBoard = async (
    c: Context<AppEnv>,
    query: LeadsQuery,
    askValue?: { leadId: string; error?: string | undefined },
    from?: Parameters<typeof loadLeadBoard>[4],
  ) => {
    const user = currentUser(c);
    const deps = c.get('deps');
    const { stage: _stage, after: _after, ...rest } = query;
    const [board, choices] = await Promise.all([
      loadLeadBoard(deps, actorOf(user), filtersOf(c, rest), rest, from),
      loadLeadInboxChoices(deps),
    ]);
    const props = {
      base,
      query: typed(rest),
      countCap: LEAD_COUNT_CAP,
      canMove: !readOnly && scopeOf(user.role, 'leads.stage') !== undefined,
      askValue,
      forAgent,
      ...board,
      ...choices,
    };
    return respond(
      c,
      {
        fragment: () => <LeadBoard {...props} />,
        page: () => (
          <LeadBoardPage
            user={user}
            nav={navOf(user)}
            withConsoleStyles={forAgent || readOnly}
            dataLayerEvents={takeDataLayerFlash(c, boardPath)}
            {...props}
          />
        ),
      },
      board.rangeError || askValue?.error ? 422 : 200,
    );
  };

  crmRoutes.get(boardPath, validQuery, (c) => showBoard(c, c.req.valid('query')));

  crmRoutes.get(`${boardPath}/more`, validQuery, async (c) => {
    const user = currentUser(c);
    const query = c.req.valid('query');
    if (!query.stage) throw new AppError('leads.bad_filter', 400, 'The filter "stage" is required.');
    const { stage, after, ...rest } = query;
    // Without htmx, "More" is the whole board with that column read from the cursor.
    if (!isFragmentRequest(c))
      return showBoard(c, rest, undefined, { stage, after: decodeKeysetCursor(after) });
    c.header('Vary', 'HX-Request');
    const column = await loadBoardColumn(
      c.get('deps'),
      actorOf(user),
      filtersOf(c, rest),
      stage,
      decodeKeysetCursor(after),
    );
    return c.html(
      <BoardMoreCards
        base={base}
        query={typed(rest)}
        canMove={!readOnly && scopeOf(user.role, 'leads.stage') !== undefined}
        {...column}
      />,
    );
  });

  crmRoutes.get(`${base}/leads/:id`, (c) => showLead(c));
  if (readOnly) continue;

  // A move on the board (a drop or the card's "Move to…"): the same stage service as the lead page.
  crmRoutes.post(`${base}/leads/:id/board-stage`, validQuery, validForm(boardStageForm), async (c) => {
    const query = c.req.valid('query');
    const form = c.req.valid('form');
    const leadId = c.req.param('id');
    // Converted asks for the optional deal value first; the second post carries it (maybe empty).
    if (form.stage === 'converted' && form.value === undefined) return showBoard(c, query, { leadId });
    const value = conversionValueField.safeParse(form.value);
    if (!value.success) return showBoard(c, query, { leadId, error: VALUE_ERROR });
    const result = await changeStageOfLead(
      c.get('deps'),
      actorOf(currentUser(c)),
      leadId,
      form.stage,
      form.stage === 'converted' ? (value.data ?? null) : null,
    );
    if (!result.ok) throw leadError(result.code);
    if (isFragmentRequest(c)) {
      // The staff client pushes the conversion to the page's dataLayer (TRACK-2).
      if (result.value) c.header('HX-Trigger', dataLayerTrigger(result.value));
      return showBoard(c, query);
    }
    if (result.value) setDataLayerFlash(c, boardPath, result.value);
    return c.redirect(listUrl(boardPath, typed(query)), 303);
  });

  const back = (c: Context<AppEnv>) => c.redirect(`${base}/leads/${c.req.param('id')}`, 303);

  /** The lead panel beside a chat, re-rendered after a write from it (htmx), else undefined. */
  const panelBesideChat = async (c: Context<AppEnv>, conversationId: string | undefined, error?: string) => {
    if (!conversationId || c.req.header('HX-Request') !== 'true') return undefined;
    const leadId = c.req.param('id') ?? '';
    const deps = c.get('deps');
    const chat = await findConversationById(deps.db, conversationId);
    const lead = chat?.visitorId === leadId ? await findChatLeadSummary(deps.db, chat) : undefined;
    if (!lead) return undefined;
    const panel = (
      <LeadSide
        lead={lead}
        leadHref={`${base}/leads/${leadId}`}
        conversationId={conversationId}
        canWork
        error={error}
        liveUrl={forAgent ? `/agent/conversations/${conversationId}` : `${base}/chats/${conversationId}`}
      />
    );
    return c.html(panel, error ? 422 : 200);
  };

  crmRoutes.post(`${base}/leads/:id/notes`, validForm(noteForm), async (c) => {
    const { body, conversation } = c.req.valid('form');
    const result = await addLeadNote(c.get('deps'), actorOf(currentUser(c)), c.req.param('id'), body);
    if (!result.ok && result.code === 'invalid') {
      const text = `Write a note of 1 to ${NOTE_MAX} characters.`;
      return (await panelBesideChat(c, conversation, text)) ?? showLead(c, { kind: 'error', text }, body);
    }
    if (!result.ok) throw leadError(result.code);
    return (await panelBesideChat(c, conversation)) ?? back(c);
  });

  crmRoutes.post(`${base}/leads/:id/follow-up`, validForm(followUpForm), async (c) => {
    const form = c.req.valid('form');
    const result = await setLeadFollowUp(c.get('deps'), actorOf(currentUser(c)), c.req.param('id'), {
      followUpOn: form.follow_up_on ?? null,
      finalRemark: form.final_remark?.trim() || null,
    });
    if (!result.ok) throw leadError(result.code);
    return (await panelBesideChat(c, form.conversation)) ?? back(c);
  });

  crmRoutes.post(`${base}/leads/:id/assign`, validForm(assignForm), async (c) => {
    const { assignee } = c.req.valid('form');
    const result = await assignLead(
      c.get('deps'),
      actorOf(currentUser(c)),
      c.req.param('id'),
      assignee ?? null,
    );
    if (!result.ok) throw leadError(result.code);
    return back(c);
  });

  crmRoutes.post(`${base}/leads/:id/stage`, validForm(stageForm), async (c) => {
    const { stage } = c.req.valid('form');
    const result = await changeStageOfLead(c.get('deps'), actorOf(currentUser(c)), c.req.param('id'), stage);
    if (!result.ok) throw leadError(result.code);
    // The conversion event rides to the lead page, which pushes it to the dataLayer (TRACK-2).
    if (result.value) setDataLayerFlash(c, `${base}/leads/${c.req.param('id')}`, result.value);
    return back(c);
  });
}

/** `/crm`: each person's own lead inbox. */
const inboxOf: Record<StaffUser['role'], string> = {
  admin: '/admin/leads',
  manager: '/manager/leads',
  agent: '/agent/leads',
  qa: '/qa/leads',
};
crmRoutes.get('/crm', (c) => c.redirect(inboxOf[currentUser(c).role], 303));
