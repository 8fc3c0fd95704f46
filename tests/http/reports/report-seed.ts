import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import type { Db } from '../../../src/db/database.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

/**
 * A small dataset whose report rows are computed by hand in the tests (REP-1):
 *
 * | chat  | project | agent | status     | stage         | started          |
 * |-------|---------|-------|------------|---------------|------------------|
 * | asha  | Alpha   | Ann   | active     | new           | 10 Nov 09:00     |
 * | bela  | Alpha   | Bob   | closed     | converted     | 12 Nov 08:00     |
 * | chen  | Beta    | AI    | active     | qualified     | 12 Nov 18:00     |
 * | dara  | Beta    | —     | unassigned | new           | 15 Nov 12:00     |
 * | emre  | Alpha   | Ann   | closed     | not_qualified | 20 Nov 23:30     |
 */
export async function seedReports() {
  const ctx = await makeTestApp();
  const { deps } = ctx;
  const admin = await createStaff(deps, 'admin');
  const manager = await createStaff(deps, 'manager');
  const qa = await createStaff(deps, 'qa');
  const ann = await createStaff(deps, 'agent');
  const bob = await createStaff(deps, 'agent');
  const alpha = await makeProject(deps.db, { name: 'alpha-internal', title: 'Alpha' });
  const beta = await makeProject(deps.db, { name: 'beta-internal', title: 'Beta' });

  const chat = async (
    name: string,
    project: { id: string },
    fields: Record<string, string | null>,
    touch: Record<string, string | number | null> = {},
  ) => {
    const at = String(fields.created_at);
    const visitor = await makeVisitor(deps.db, { project_id: project.id, name, created_at: at });
    const attributionId = deps.ids.next();
    await insertTouch(deps.db, { id: attributionId, visitor_id: visitor.id, created_at: at, ...touch });
    return makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      attribution_id: attributionId,
      visitor_name: name,
      visitor_phone: `+9198765${String(name.length).padStart(5, '0')}`,
      visitor_email: `${name.toLowerCase()}@example.test`,
      last_message_at: at,
      ...fields,
    });
  };
  const asha = await chat(
    'Asha',
    alpha,
    { status: 'active', assignee_id: ann.id, lead_stage: 'new', created_at: '2026-11-10T09:00:00.000Z' },
    {
      source_domain: 'google.com',
      referrer: 'https://www.google.com/',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      device_type: 'mobile',
      os_name: 'Android',
      os_version: '15',
      browser_name: 'Chrome',
      browser_version: '131',
      language: 'hi-IN',
      geo_country: 'IN',
      geo_region: 'MH',
      geo_city: 'Mumbai',
      time_on_page_ms: 42_400,
      is_returning: 1,
    },
  );
  const bela = await chat('Bela', alpha, {
    status: 'closed',
    assignee_id: bob.id,
    lead_stage: 'converted',
    created_at: '2026-11-12T08:00:00.000Z',
    last_message_at: '2026-11-25T10:00:00.000Z',
  });
  const chen = await chat('Chen', beta, {
    status: 'active',
    assignee_id: AI_AGENT_ID,
    lead_stage: 'qualified',
    created_at: '2026-11-12T18:00:00.000Z',
  });
  const dara = await chat('Dara', beta, {
    status: 'unassigned',
    lead_stage: 'new',
    created_at: '2026-11-15T12:00:00.000Z',
  });
  const emre = await chat('Emre', alpha, {
    status: 'closed',
    assignee_id: ann.id,
    lead_stage: 'not_qualified',
    created_at: '2026-11-20T23:30:00.000Z',
  });
  return { ...ctx, admin, manager, qa, ann, bob, alpha, beta, chats: { asha, bela, chen, dara, emre } };
}

export async function insertTouch(db: Db, row: Record<string, string | number | null> & { id: string }) {
  await db
    .insertInto('attributions')
    .values({ created_at: '2026-11-01T00:00:00.000Z', ...row } as never)
    .execute();
}

/** The chat ids of a report table, in the order shown. */
export const rowIds = (html: string): string[] =>
  [...html.matchAll(/<tr id="report-row-([^"]+)"/g)].map((m) => m[1] ?? '');
