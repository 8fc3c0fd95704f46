import type { Db } from '../db/database.ts';
import type { AgentLoad } from './staff.ts';

/** Open chats per assignee (active and offline), for the load column of the Agents list. */
export async function countOpenChatsByAssignee(db: Db): Promise<Map<string, AgentLoad>> {
  const rows = await db
    .selectFrom('conversations')
    .select(['assignee_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['active', 'offline'])
    .where('assignee_id', 'is not', null)
    .groupBy(['assignee_id', 'status'])
    .execute();
  const loads = new Map<string, AgentLoad>();
  for (const row of rows) {
    if (!row.assignee_id) continue;
    const load = loads.get(row.assignee_id) ?? { active: 0, offline: 0 };
    if (row.status === 'active') load.active = Number(row.n);
    else load.offline = Number(row.n);
    loads.set(row.assignee_id, load);
  }
  return loads;
}
