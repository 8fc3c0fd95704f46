import type { DashboardLive } from '../../src/dashboard/dashboard.ts';
import { durationText } from '../../src/reports/analytics.ts';
import type { AgentOverview } from '../../src/staff/staff.ts';
import { cappedCount } from '../components/format.ts';

/** A chat waiting longer than this is marked: most visitors give up within a few minutes. */
const LONG_WAIT_S = 120;

/** Chats waiting for an agent now, oldest first, with how long each has waited. */
export function QueueCard(props: {
  base: string;
  waiting: number;
  queue: DashboardLive['queue'];
  countCap: number;
}) {
  const { base, waiting, queue, countCap } = props;
  return (
    <section class="card" aria-labelledby="queue-heading">
      <div class="card-header">
        <h2 id="queue-heading">Waiting now</h2>
        <a class="small" href={`${base}/chats?status=unassigned`}>
          {cappedCount(waiting, countCap)} in the queue →
        </a>
      </div>
      {queue.length === 0 ? (
        <p class="muted empty-queue">Nobody is waiting.</p>
      ) : (
        <ol class="queue-list">
          {queue.map((chat) => (
            <li>
              <span class="cell-title">{chat.visitorName ?? 'Visitor'}</span>
              <span class="muted small queue-project">{chat.projectTitle}</span>
              <span
                class={chat.waitedS >= LONG_WAIT_S ? 'pill pill-warning' : 'pill pill-info'}
                title="Waiting for"
              >
                {durationText(chat.waitedS * 1000)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {waiting > queue.length ? (
        <p class="muted small">And {cappedCount(waiting - queue.length, countCap)} more, newer.</p>
      ) : null}
    </section>
  );
}

function presence(agent: AgentOverview) {
  if (!agent.agent.isActive) return <span class="pill pill-closed">Disabled</span>;
  if (!agent.online) return <span class="pill pill-closed">Offline</span>;
  if (agent.agent.onBreak) return <span class="pill pill-warning">On break</span>;
  return <span class="pill pill-success">Online</span>;
}

/** Agents with live presence and load (ADMIN-1); their figures per period are in CRM analytics. */
export function AgentsCard({ agents, analyticsHref }: { agents: AgentOverview[]; analyticsHref: string }) {
  const online = agents.filter((a) => a.online && a.agent.isActive);
  return (
    <section class="card" aria-labelledby="agents-heading">
      <div class="card-header">
        <h2 id="agents-heading">Agents</h2>
        <span class="muted small">
          {online.length} of {agents.length} online ·{' '}
          <a href={analyticsHref} aria-label="Agent figures in CRM analytics">
            figures →
          </a>
        </span>
      </div>
      {agents.length === 0 ? (
        <p class="muted">No agents yet.</p>
      ) : (
        <ul class="agent-list">
          {agents.map((a) => (
            <li>
              <span class="cell-title">{a.agent.displayName}</span>
              {presence(a)}
              <span class="load-figure" title="Active chats / limit">
                {a.load.active}/{a.agent.activeLimit}
              </span>
              <meter
                min={0}
                max={a.agent.activeLimit || 1}
                value={a.load.active}
                aria-label={`${a.agent.displayName} load`}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
