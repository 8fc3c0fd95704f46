import type { FollowUp } from '../../src/agent/agent-console.ts';
import { stageLabel } from '../components/format.ts';
import { agentIds } from './agent-dom-ids.ts';

/** AGENT-7: the agent's leads to call back today; overdue ones are marked so nothing slips. */
export function FollowUpsToday({
  today,
  items,
  openable = false,
}: {
  today: string;
  items: FollowUp[];
  /** In the inbox (Live Chat), a follow-up opens its chat in the pane. */
  openable?: boolean;
}) {
  const overdue = items.filter((item) => item.followUpOn < today).length;
  const dueToday = items.length - overdue;
  return (
    <section id={agentIds.followUps} class="card follow-ups" aria-labelledby="follow-ups-title">
      <header class="follow-ups-header">
        <h2 id="follow-ups-title">Follow-ups due today</h2>
        <span class="badge">
          {items.length}
          <span class="visually-hidden"> due</span>
        </span>
      </header>
      <p class="follow-up-counts">
        <span class="pill pill-warning" id="follow-ups-due-today" data-count={dueToday}>
          {dueToday} due today
        </span>{' '}
        <span class="pill pill-danger" id="follow-ups-overdue" data-count={overdue}>
          {overdue} overdue
        </span>
      </p>
      {items.length === 0 ? (
        <p class="muted">Nothing due today. Follow-up dates you set on your leads show up here.</p>
      ) : (
        <ul class="follow-up-list">
          {items.map((item) => (
            <li
              class="follow-up"
              data-follow-up-lead={item.leadId}
              data-follow-up-on={item.followUpOn}
              data-follow-up-chat={item.conversationId ?? undefined}
              data-follow-up-name={item.name ?? 'Lead'}
              data-due={item.followUpOn < today ? 'overdue' : 'today'}
            >
              {openable && item.conversationId ? (
                <a
                  class="follow-up-name"
                  href={`/agent?chat=${item.conversationId}`}
                  hx-get={`/agent/conversations/${item.conversationId}`}
                  hx-target={`#${agentIds.chatPane}`}
                >
                  {item.name ?? 'Lead'}
                </a>
              ) : (
                <a class="follow-up-name" href={`/agent/leads/${item.leadId}`}>
                  {item.name ?? 'Lead'}
                </a>
              )}
              {item.phone ? <span class="follow-up-phone">{item.phone}</span> : null}
              <span class={`pill pill-stage-${item.stage}`}>{stageLabel[item.stage] ?? item.stage}</span>
              {item.followUpOn < today ? (
                <span class="pill pill-danger">Overdue since {item.followUpOn}</span>
              ) : (
                <span class="pill pill-warning">Today</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
