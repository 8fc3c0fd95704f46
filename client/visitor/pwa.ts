import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { byId } from './page.ts';

/**
 * PWA (VIS-9): the service worker, and the offer to keep the chat on the Home Screen: Chrome's
 * install prompt behind our own button, Safari on iOS (which has no prompt) the steps.
 *
 * The lead form is the page's one job (issue 13): nothing about installing shows before the
 * visitor has started a chat. Then the offer comes once per browser, at a calm moment (the chat
 * ended, or the team answered and nothing has happened for a while), inline above the composer
 * where it covers nothing; "Not now" puts it away. The header's Install button appears only in
 * a chat, for whoever wants it sooner.
 */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

export interface InstallOffer {
  /** The page shows a chat now (started, or resumed). */
  chatStarted(): void;
  /** A message from the team arrived: the offer may come after a quiet spell. */
  teamReplied(): void;
  /** The chat was closed: a calm moment. */
  chatEnded(): void;
}

/** Inside the widget's frame there is nothing to install. */
export const noInstallOffer: InstallOffer = { chatStarted() {}, teamReplied() {}, chatEnded() {} };

const OFFERED_KEY = 'install_offer_shown';
/** How long a chat must stay quiet after the team's last message before the offer. */
export const QUIET_MS = 45_000;

function isIosSafari(): boolean {
  const ua = navigator.userAgent;
  const ios = /iP(hone|od|ad)/.test(ua) || (ua.includes('Macintosh') && navigator.maxTouchPoints > 1);
  return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua);
}

const standalone = () =>
  matchMedia('(display-mode: standalone)').matches ||
  (navigator as Navigator & { standalone?: boolean }).standalone === true;

function offeredBefore(): boolean {
  try {
    return localStorage.getItem(OFFERED_KEY) !== null;
  } catch {
    return true; // no storage: we could not remember a "Not now", so never offer unasked
  }
}

function rememberOffered(): void {
  try {
    localStorage.setItem(OFFERED_KEY, '1');
  } catch {
    // private mode: offeredBefore() already answers true
  }
}

export function setUpPwa(swUrl: string): InstallOffer {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(swUrl, { scope: '/p/' }).catch(() => undefined);
  }
  const ios = isIosSafari();
  const installed = standalone();
  const button = byId<HTMLButtonElement>(visitorIds.installButton);
  const card = byId(visitorIds.installOffer);
  const accept = byId<HTMLButtonElement>(visitorIds.installAccept);
  const composer = byId<HTMLTextAreaElement>(visitorIds.composerInput);
  let deferred: InstallPromptEvent | undefined;
  let chatting = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;

  const available = () => !installed && (ios || deferred !== undefined);
  const showButton = () => {
    if (button) button.hidden = !(chatting && available());
  };

  function open(): void {
    if (!card || !available()) return;
    const steps = ios && deferred === undefined;
    byId(visitorIds.installSteps)?.toggleAttribute('hidden', !steps);
    byId(visitorIds.installLead)?.toggleAttribute('hidden', steps);
    if (accept) accept.hidden = deferred === undefined;
    card.hidden = false;
  }

  function offerOnce(): void {
    if (!chatting || !available() || offeredBefore()) return;
    rememberOffered();
    open();
  }

  function close(): void {
    if (card) card.hidden = true;
  }

  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event as InstallPromptEvent;
    showButton();
  });
  button?.addEventListener('click', () => {
    if (card && !card.hidden) return close();
    rememberOffered();
    open();
  });
  accept?.addEventListener('click', () => {
    void deferred?.prompt();
    deferred = undefined;
    close();
    showButton();
  });
  byId(visitorIds.installDismiss)?.addEventListener('click', close);
  // Typing is not a quiet moment: the offer steps aside, and the quiet spell starts again after
  // the team's next message.
  composer?.addEventListener('input', () => {
    clearTimeout(quiet);
    close();
  });

  return {
    chatStarted() {
      chatting = true;
      showButton();
    },
    teamReplied() {
      clearTimeout(quiet);
      if (offeredBefore()) return;
      quiet = setTimeout(() => {
        if (composer?.value.trim() === '' && document.activeElement !== composer) offerOnce();
      }, QUIET_MS);
    },
    chatEnded() {
      clearTimeout(quiet);
      offerOnce();
    },
  };
}
