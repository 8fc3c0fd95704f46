import type { CsatState } from '../../src/visitors/csat.ts';
import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { show } from './chat-view.ts';
import { byId } from './page.ts';

/**
 * BEYOND-5 on the visitor page (and the widget, which frames it): once the chat is closed, ask the
 * server whether to show the rating (a person closed it and nobody rated it yet); send it once.
 * The server keeps the first rating only, so a double submit, a reload or a second tab shows the
 * thanks line instead of a second rating.
 */
export interface CsatOptions {
  slug: string;
  conversationId: () => string;
  authHeaders: () => Record<string, string>;
}

export function setUpCsat(options: CsatOptions) {
  const form = byId<HTMLFormElement>(visitorIds.csatForm);
  const error = byId(visitorIds.csatError);
  let asked = '';
  let sending = false;

  const apply = (state: CsatState | undefined) => {
    show(visitorIds.csatForm, state?.state === 'open');
    show(visitorIds.csatThanks, state?.state === 'rated');
  };

  const say = (text: string) => {
    if (!error) return;
    error.textContent = text;
    error.hidden = text === '';
  };

  async function offer(): Promise<void> {
    const id = options.conversationId();
    if (!id || asked === id) return;
    asked = id;
    const query = new URLSearchParams({ conversation: id });
    const res = await fetch(`/p/${options.slug}/rating?${query}`, { headers: options.authHeaders() }).catch(
      () => undefined,
    );
    if (!res?.ok || options.conversationId() !== id) return;
    apply((await res.json()) as CsatState);
  }

  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(form);
    const score = Number(data.get('score'));
    if (!score) return say('Choose a rating from 1 to 5.');
    sending = true;
    say('');
    const res = await fetch(`/p/${options.slug}/rating`, {
      method: 'POST',
      headers: { ...options.authHeaders(), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        conversationId: options.conversationId(),
        score,
        comment: data.get('comment') ?? '',
      }),
    }).catch(() => undefined);
    sending = false;
    if (res?.ok) return apply({ state: 'rated', score, comment: null });
    if (res?.status === 409) {
      // Rated meanwhile (another tab) or no longer open: show what the server says now.
      asked = '';
      return offer();
    }
    say('We could not send your rating. Please try again.');
  });

  return {
    offer: () => void offer(),
    /** A fresh chat began: the old chat's question goes away. */
    reset() {
      asked = '';
      apply(undefined);
    },
  };
}
