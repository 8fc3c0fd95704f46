import type { Rubric, Scorecard } from '../../src/qa/scorecard.ts';
import { formatScore, MARKS, MAX_COMMENT } from '../../src/qa/scorecard.ts';
import { FormNotice, TextArea } from '../components/field.tsx';
import { dateTime } from '../components/format.ts';
import { qaIds } from './qa-dom-ids.ts';

/** QA-3 scorecards in the QA pane: the chat's scores, and the reviewer's own form. */
export interface ScoreSectionProps {
  conversationId: string;
  rubric: Rubric | undefined;
  cards: Scorecard[];
  /** The rubric versions the cards were given under, by version. */
  rubrics: Record<number, Rubric>;
  reviewerId: string;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}

/** Each mark labelled with its criterion as that card's version named it. */
export function ScorecardMarks({ card, rubric }: { card: Scorecard; rubric: Rubric | undefined }) {
  if (!rubric) return null;
  return (
    <ul class="qa-marks">
      {rubric.criteria.map((criterion) => (
        <li>
          {criterion.label} (×{criterion.weight}): <strong>{card.marks[criterion.key] ?? '—'}</strong>
        </li>
      ))}
    </ul>
  );
}

function CardList({ cards, rubrics }: Pick<ScoreSectionProps, 'cards' | 'rubrics'>) {
  if (cards.length === 0) return <p class="muted small">Not scored yet.</p>;
  return (
    <ul class="qa-cards">
      {cards.map((card) => (
        <li class="qa-card">
          <p>
            <strong class="qa-total">{formatScore(card.score)}</strong> / 5 by{' '}
            {card.reviewerName ?? 'a reviewer'}{' '}
            <span class="muted small">
              {dateTime(card.createdAt)} · rubric v{card.rubricVersion ?? '?'}
            </span>
          </p>
          <ScorecardMarks
            card={card}
            rubric={card.rubricVersion === null ? undefined : rubrics[card.rubricVersion]}
          />
          {card.comment ? <p class="qa-card-comment">{card.comment}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function ScoreForm({ conversationId, rubric, cards, reviewerId }: ScoreSectionProps & { rubric: Rubric }) {
  const mine = cards.find((card) => card.reviewerId === reviewerId && card.rubricVersion === rubric.version);
  const action = `/qa/chats/${conversationId}/score`;
  return (
    <form
      class="qa-score-form"
      method="post"
      action={action}
      hx-post={action}
      hx-target={`#${qaIds.scores}`}
      hx-swap="outerHTML"
    >
      <input type="hidden" name="rubricVersion" value={String(rubric.version)} />
      {rubric.criteria.map((criterion) => (
        <fieldset class="qa-criterion">
          <legend>
            {criterion.label} <span class="muted small">weight {criterion.weight}</span>
          </legend>
          {MARKS.map((mark) => (
            <label>
              <input
                type="radio"
                name={`mark_${criterion.key}`}
                value={String(mark)}
                required
                checked={mine?.marks[criterion.key] === mark}
              />
              {mark}
            </label>
          ))}
        </fieldset>
      ))}
      <TextArea
        id={`qa-comment-${conversationId}`}
        name="comment"
        label="Comment for the agent"
        rows={2}
        maxlength={MAX_COMMENT}
        value={mine?.comment ?? ''}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {mine ? 'Update score' : 'Save score'}
        </button>
      </div>
    </form>
  );
}

/**
 * The scorecards region of the QA pane (swapped whole by the score form). Scoring writes only the
 * reviewer's own scorecard, never the chat.
 */
export function ScoreSection(props: ScoreSectionProps) {
  return (
    <section id={qaIds.scores} class="qa-scores" aria-labelledby="qa-scores-title">
      <h3 id="qa-scores-title">Scorecards</h3>
      {props.notice ? <FormNotice kind={props.notice.kind}>{props.notice.text}</FormNotice> : null}
      <CardList cards={props.cards} rubrics={props.rubrics} />
      {props.rubric ? (
        <ScoreForm {...props} rubric={props.rubric} />
      ) : (
        <p class="muted small">No rubric yet: an admin sets one up under QA rubric.</p>
      )}
    </section>
  );
}
