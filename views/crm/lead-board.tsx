import type { BoardColumn, LeadRow } from '../../src/crm/lead.ts';
import { LEAD_STAGES, leadStageLabel } from '../../src/leads/lead-stage.ts';
import { cappedCount } from '../components/format.ts';
import { listUrl } from '../components/keyset-pager.tsx';
import { AppShell, type NavItem, type ShellUser } from '../layouts/app-shell.tsx';
import { leadBoardPath, leadPath, leadsPath, sourceLabel } from './crm-labels.ts';
import { ANY_LEAD, LEAD_LIVE_SCRIPT, leadLive } from './lead-live-dom-ids.ts';
import { LeadFiltersForm, type LeadFiltersProps } from './leads-page.tsx';

/**
 * The pipeline board (BEYOND-8): the inbox's filter as one column per stage. A card moves by
 * dragging it to another column (client/staff/lead-board.ts) or, without a mouse, by its own
 * "Move to…" form; both post the same form to the stage-change service, and the board comes back.
 */
export interface LeadBoardProps {
  base: string;
  query: Record<string, string>;
  columns: BoardColumn[];
  countCap: number;
  /** Whether this console may move cards (QA reads only). */
  canMove: boolean;
  rangeError?: string | undefined;
  /** The card that chose Converted: it asks for the optional deal value before moving. */
  askValue?: { leadId: string; error?: string | undefined } | undefined;
}

export const boardRegion = {
  'hx-target': '#lead-board',
  'hx-select': '#lead-board',
  'hx-swap': 'outerHTML',
};

/** The filters a board link carries: the inbox's, without its page cursor or its stage. */
export const boardQuery = (query: Record<string, string>) => {
  const { after: _after, stage: _stage, ...rest } = query;
  return rest;
};

function MoveForm({
  base,
  query,
  row,
  askValue,
}: Pick<LeadBoardProps, 'base' | 'query' | 'askValue'> & { row: LeadRow }) {
  const action = listUrl(`${leadPath(base, row.id)}/board-stage`, boardQuery(query));
  const asking = askValue?.leadId === row.id;
  const shown = asking ? 'converted' : row.stage;
  return (
    <form class="board-move" method="post" action={action} hx-post={action} {...boardRegion}>
      <label for={`board-move-${row.id}`}>Move to…</label>
      <div class="board-move-row">
        <select id={`board-move-${row.id}`} name="stage">
          {LEAD_STAGES.map((stage) => (
            <option value={stage} selected={stage === shown}>
              {leadStageLabel[stage]}
            </option>
          ))}
        </select>
        {asking ? null : (
          <button type="submit" class="button button-small">
            Move
          </button>
        )}
      </div>
      {asking ? (
        <div class="field">
          <label for={`board-value-${row.id}`}>Deal value, optional</label>
          <input
            id={`board-value-${row.id}`}
            name="value"
            inputmode="decimal"
            autocomplete="off"
            maxlength={20}
            aria-invalid={askValue?.error ? 'true' : undefined}
            aria-describedby={askValue?.error ? `board-value-error-${row.id}` : undefined}
          />
          {askValue?.error ? (
            <span id={`board-value-error-${row.id}`} class="field-error">
              {askValue.error}
            </span>
          ) : null}
          <button type="submit" class="button button-small button-primary">
            Save Converted
          </button>
        </div>
      ) : null}
    </form>
  );
}

export function BoardCard(
  props: Pick<LeadBoardProps, 'base' | 'query' | 'canMove' | 'askValue'> & { row: LeadRow },
) {
  const { base, row, canMove } = props;
  const title = row.name ?? row.email ?? row.phone ?? 'Lead';
  return (
    <li
      class="board-card"
      id={`board-card-${row.id}`}
      data-lead-id={row.id}
      draggable={canMove ? 'true' : undefined}
    >
      <a class="cell-title" href={leadPath(base, row.id)}>
        {title}
      </a>
      <span class="cell-sub">{[row.phone, row.email].filter(Boolean).join(' · ') || '—'}</span>
      <span class="muted small">
        {sourceLabel(row.source)} · {row.assigneeName ?? 'Unassigned'}
        {row.followUpOn ? ` · follow up ${row.followUpOn}` : ''}
      </span>
      {canMove ? <MoveForm {...props} /> : null}
    </li>
  );
}

/** A column's "More": the next cards by keyset, appended in its place. */
export function BoardMore(props: {
  base: string;
  query: Record<string, string>;
  stage: string;
  cursor: string;
}) {
  const url = listUrl(`${leadBoardPath(props.base)}/more`, boardQuery(props.query), {
    stage: props.stage,
    after: props.cursor,
  });
  return (
    <li class="board-more">
      <a class="button button-small" href={url} hx-get={url} hx-target="closest li" hx-swap="outerHTML">
        More {leadStageLabel[props.stage as keyof typeof leadStageLabel] ?? props.stage}
      </a>
    </li>
  );
}

/** The cards after a cursor, then the next "More" when there are others. */
export function BoardMoreCards(
  props: Pick<LeadBoardProps, 'base' | 'query' | 'canMove'> & {
    stage: string;
    rows: LeadRow[];
    nextCursor: string | undefined;
  },
) {
  return (
    <>
      {props.rows.map((row) => (
        <BoardCard {...props} row={row} />
      ))}
      {props.nextCursor ? (
        <BoardMore base={props.base} query={props.query} stage={props.stage} cursor={props.nextCursor} />
      ) : null}
    </>
  );
}

/** The part of the page a filter or a move replaces. */
export function LeadBoard(props: LeadBoardProps) {
  const { base, query, countCap } = props;
  return (
    <section id="lead-board" aria-label="Pipeline board" {...leadLive(ANY_LEAD)}>
      {props.rangeError ? (
        <p class="alert alert-error" role="alert">
          {props.rangeError}
        </p>
      ) : null}
      <div class="results-bar">
        <a class="button button-small" href={listUrl(leadsPath(base), boardQuery(query))}>
          List view
        </a>
      </div>
      <div class="lead-board">
        {props.columns.map((column) => (
          <section
            class="board-column"
            data-stage={column.stage}
            aria-labelledby={`board-heading-${column.stage}`}
          >
            <h2 id={`board-heading-${column.stage}`} class="board-heading">
              <span>{leadStageLabel[column.stage]}</span>{' '}
              <span class="count">
                {cappedCount(column.count, countCap)}
                <span class="visually-hidden"> leads</span>
              </span>
            </h2>
            <ol class="board-cards">
              {column.rows.length === 0 ? <li class="board-empty muted small">No leads</li> : null}
              {column.rows.map((row) => (
                <BoardCard {...props} row={row} />
              ))}
              {column.nextCursor ? (
                <BoardMore base={base} query={query} stage={column.stage} cursor={column.nextCursor} />
              ) : null}
            </ol>
          </section>
        ))}
      </div>
    </section>
  );
}

export function LeadBoardPage(
  props: LeadBoardProps &
    Omit<LeadFiltersProps, 'action' | 'swap' | 'withStage'> & {
      user: ShellUser;
      nav?: NavItem[] | undefined;
      withConsoleStyles: boolean;
      dataLayerEvents?: readonly object[] | undefined;
    },
) {
  return (
    <AppShell
      title="Pipeline board"
      user={props.user}
      nav={props.nav}
      currentPath={leadsPath(props.base)}
      dataLayerEvents={props.dataLayerEvents}
      scripts={props.canMove ? ['/static/js/lead-board.js', LEAD_LIVE_SCRIPT] : [LEAD_LIVE_SCRIPT]}
      styles={props.withConsoleStyles ? ['/static/css/console.css', '/static/css/console-chats.css'] : []}
    >
      <div class="page-header">
        <div>
          <h1>Pipeline board</h1>
          <p class="muted">
            {props.canMove
              ? 'Drag a card to another stage, or use its "Move to…" menu.'
              : 'Leads by stage, newest first in each column.'}
          </p>
        </div>
      </div>
      <LeadFiltersForm
        {...props}
        action={leadBoardPath(props.base)}
        swap={{ ...boardRegion, 'hx-push-url': 'true' }}
        withStage={false}
      />
      <LeadBoard {...props} />
    </AppShell>
  );
}
