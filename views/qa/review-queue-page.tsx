import type { AgentSample } from '../../src/qa/review-queue.ts';
import { dateTime } from '../components/format.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

/** The week's review queue (QA-3): a fixed sample of each agent's closed chats. */
export function ReviewQueuePage(props: {
  user: ShellUser;
  week: { start: string; previous: string; next: string };
  perAgent: number;
  capped: boolean;
  agents: AgentSample[];
}) {
  const left = props.agents.reduce((n, a) => n + a.picks.filter((p) => !p.scored).length, 0);
  return (
    <AppShell title="Review queue" user={props.user} currentPath="/qa/queue">
      <div class="page-header">
        <div>
          <h1>Review queue</h1>
          <p class="muted">
            Week of {props.week.start}: up to {props.perAgent} closed chats per agent, the same sample for
            every reviewer. {left} left to score.
          </p>
        </div>
        <nav class="pagination" aria-label="Weeks">
          <a class="button button-small" href={`/qa/queue?week=${props.week.previous}`}>
            ← Previous week
          </a>
          <a class="button button-small" href={`/qa/queue?week=${props.week.next}`}>
            Next week →
          </a>
        </nav>
      </div>
      {props.capped ? (
        <p class="alert alert-info">
          This week has more closed chats than are sampled from; the earliest are used.
        </p>
      ) : null}
      {props.agents.length === 0 ? (
        <div class="card empty-state">
          <p>No chat was closed this week.</p>
        </div>
      ) : (
        props.agents.map((agent) => (
          <section class="card qa-queue-agent" aria-label={agent.agentName}>
            <h2>
              {agent.agentName}{' '}
              <span class="muted small">
                {agent.picks.length} of {agent.closedCount} closed
              </span>
            </h2>
            <ul class="qa-queue">
              {agent.picks.map((chat) => (
                <li>
                  <a href={`/qa/chats/${chat.id}`}>{chat.visitorName ?? 'Visitor'}</a>{' '}
                  <span class="muted small">
                    {chat.projectTitle} · closed {dateTime(chat.closedAt)}
                  </span>{' '}
                  {chat.scored ? (
                    <span class="pill pill-active">Scored</span>
                  ) : (
                    <span class="pill pill-offline">To score</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </AppShell>
  );
}
