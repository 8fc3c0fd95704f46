import type { Rubric, Scorecard } from '../../src/qa/scorecard.ts';
import { formatScore } from '../../src/qa/scorecard.ts';
import { dateTime } from '../components/format.ts';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { ScorecardMarks } from './scorecards.tsx';

/** An agent's own scorecards (QA-3), read-only. */
export function MyScoresPage(props: {
  user: ShellUser;
  cards: Array<Scorecard & { visitorName: string | null }>;
  rubrics: Record<number, Rubric>;
  average: number | undefined;
}) {
  return (
    <AppShell
      title="My scores"
      user={props.user}
      currentPath="/agent/scores"
      nav={[
        { href: '/agent', label: 'Inbox' },
        { href: '/agent/scores', label: 'My scores' },
      ]}
    >
      <div class="page-header">
        <div>
          <h1>My scores</h1>
          <p class="muted">
            {props.average === undefined
              ? 'No chat of yours has been scored yet.'
              : `Average ${formatScore(props.average)} / 5 over your last ${props.cards.length} scored chats.`}
          </p>
        </div>
      </div>
      <ul class="qa-cards">
        {props.cards.map((card) => (
          <li class="card qa-card">
            <p>
              <strong class="qa-total">{formatScore(card.score)}</strong> / 5 · chat with{' '}
              {card.visitorName ?? 'a visitor'}{' '}
              <span class="muted small">
                {dateTime(card.createdAt)} · rubric v{card.rubricVersion ?? '?'}
              </span>
            </p>
            <ScorecardMarks
              card={card}
              rubric={card.rubricVersion === null ? undefined : props.rubrics[card.rubricVersion]}
            />
            {card.comment ? <p class="qa-card-comment">{card.comment}</p> : null}
          </li>
        ))}
      </ul>
    </AppShell>
  );
}
