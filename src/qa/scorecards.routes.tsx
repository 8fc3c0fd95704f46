import { type Context, Hono } from 'hono';
import { MyScoresPage } from '../../views/qa/my-scores-page.tsx';
import { RubricForm, type RubricFormProps, RubricPage } from '../../views/qa/rubric-page.tsx';
import { ScoreSection, type ScoreSectionProps } from '../../views/qa/scorecards.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { respond } from '../http/respond.ts';
import { MAX_COMMENT, MAX_CRITERIA } from './scorecard.ts';
import {
  loadChatScorecards,
  loadMyScorecards,
  loadRubric,
  saveRubric,
  scoreChat,
} from './scorecards.service.ts';

/** QA-3: the admin's rubric, QA's scorecards, the agent's own scores. */
export const scorecardRoutes = new Hono<AppEnv>();

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const scoreRefusal: Record<string, string> = {
  no_rubric: 'There is no rubric yet: an admin sets one up first.',
  stale_rubric: 'The rubric changed while you were scoring. Here is the new one: score again.',
  no_agent: 'Nobody has held this chat yet, so there is no agent to score.',
  missing_mark: 'Give every criterion a mark from 1 to 5.',
  bad_mark: 'Give every criterion a mark from 1 to 5.',
  comment_too_long: `Keep the comment under ${MAX_COMMENT.toLocaleString('en-US')} characters.`,
};

/** The scorecards region of the QA pane, re-rendered after a save or a refusal. */
export async function renderScoreSection(
  c: Context<AppEnv>,
  conversationId: string,
  notice?: ScoreSectionProps['notice'],
) {
  const data = await loadChatScorecards(c.get('deps'), conversationId);
  return (
    <ScoreSection conversationId={conversationId} reviewerId={currentUser(c).id} notice={notice} {...data} />
  );
}

function parseScoreForm(body: Record<string, unknown>) {
  const marks: Record<string, number> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('mark_')) marks[name.slice(5)] = Number(text(value));
  }
  const comment = text(body.comment).trim();
  return { rubricVersion: Number(text(body.rubricVersion)), marks, comment: comment || null };
}

scorecardRoutes.post('/qa/chats/:id/score', async (c) => {
  const conversationId = c.req.param('id');
  const form = parseScoreForm(await c.req.parseBody());
  if ((form.comment ?? '').length > MAX_COMMENT) {
    return c.html(
      await renderScoreSection(c, conversationId, {
        kind: 'error',
        text: scoreRefusal.comment_too_long ?? '',
      }),
      422,
    );
  }
  const scored = await scoreChat(c.get('deps'), { conversationId, reviewerId: currentUser(c).id, ...form });
  if (!scored.ok && scored.code === 'not_found') throw notFound('We could not find that chat.');
  if (!scored.ok) {
    return c.html(
      await renderScoreSection(c, conversationId, {
        kind: 'error',
        text: scoreRefusal[scored.code] ?? 'Could not save.',
      }),
      422,
    );
  }
  return c.html(await renderScoreSection(c, conversationId, { kind: 'success', text: 'Score saved.' }));
});

async function renderRubric(
  c: Context<AppEnv>,
  extras: Omit<RubricFormProps, 'rubric'> = {},
  status: 200 | 422 = 200,
) {
  const props = { rubric: await loadRubric(c.get('deps')), ...extras };
  return respond(
    c,
    {
      fragment: () => <RubricForm {...props} />,
      page: () => <RubricPage user={currentUser(c)} {...props} />,
    },
    status,
  );
}

scorecardRoutes.get('/admin/qa-rubric', (c) => renderRubric(c));

scorecardRoutes.post('/admin/qa-rubric', async (c) => {
  const body = await c.req.parseBody();
  const rows = Array.from({ length: MAX_CRITERIA + 4 }, (_, i) => ({
    label: text(body[`label_${i + 1}`]),
    weight: text(body[`weight_${i + 1}`]),
  }));
  const saved = await saveRubric(c.get('deps'), { rows, actorId: currentUser(c).id });
  if (!saved.ok && saved.code === 'conflict') return renderRubric(c, { problem: 'conflict' }, 422);
  if (!saved.ok)
    return renderRubric(c, { problem: saved.code, rows: rows.filter((r) => r.label || r.weight) }, 422);
  return renderRubric(c, { saved: true });
});

scorecardRoutes.get('/agent/scores', async (c) => {
  const user = currentUser(c);
  const data = await loadMyScorecards(c.get('deps'), user.id);
  return c.html(<MyScoresPage user={user} {...data} />);
});
