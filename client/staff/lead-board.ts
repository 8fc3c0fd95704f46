import { DRAGGING_CLASS } from '../../views/crm/lead-live-dom-ids.ts';

/**
 * The pipeline board (BEYOND-8): HTML drag and drop of a lead card onto another stage's column.
 * A drop only sets the card's own "Move to…" select and submits its form, so the drop and the
 * keyboard path post the same thing to the same stage service; htmx swaps the board back in and
 * the conversion event reaches the dataLayer through the usual HX-Trigger (data-layer.ts).
 * After the swap, focus returns to the moved card's form so a keyboard user keeps their place.
 */
let dragged: HTMLElement | null = null;
let lastMoved: string | undefined;

const columnOf = (target: EventTarget | null) =>
  target instanceof Element ? target.closest<HTMLElement>('.board-column') : null;

function clearTargets(): void {
  for (const column of document.querySelectorAll('.board-column.is-drop-target')) {
    column.classList.remove('is-drop-target');
  }
}

document.addEventListener('dragstart', (event) => {
  const card =
    event.target instanceof Element
      ? event.target.closest<HTMLElement>('.board-card[draggable="true"]')
      : null;
  if (!card) return;
  dragged = card;
  event.dataTransfer?.setData('text/plain', card.dataset.leadId ?? '');
  if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  card.classList.add(DRAGGING_CLASS);
});

document.addEventListener('dragend', () => {
  dragged?.classList.remove(DRAGGING_CLASS);
  dragged = null;
  clearTargets();
});

document.addEventListener('dragover', (event) => {
  const column = columnOf(event.target);
  if (!column || !dragged) return;
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
  if (!column.classList.contains('is-drop-target')) {
    clearTargets();
    column.classList.add('is-drop-target');
  }
});

document.addEventListener('drop', (event) => {
  const column = columnOf(event.target);
  const card = dragged;
  if (!column || !card) return;
  event.preventDefault();
  clearTargets();
  const stage = column.dataset.stage;
  const form = card.querySelector<HTMLFormElement>('form.board-move');
  const select = form?.querySelector<HTMLSelectElement>('select[name="stage"]');
  if (!stage || !form || !select || columnOf(card) === column) return;
  select.value = stage;
  form.requestSubmit();
});

document.addEventListener('htmx:before:request', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.classList.contains('board-move')) {
    lastMoved = form.closest<HTMLElement>('.board-card')?.dataset.leadId;
  }
});

document.addEventListener('htmx:after:settle', () => {
  if (!lastMoved) return;
  const card = document.getElementById(`board-card-${lastMoved}`);
  lastMoved = undefined;
  // Asked for the Converted value: its field; else the card's "Move to…".
  (
    card?.querySelector<HTMLElement>('input[name="value"]') ??
    card?.querySelector<HTMLElement>('select[name="stage"]')
  )?.focus();
});
