import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { byId } from './page.ts';

/**
 * PWA (VIS-9): the service worker, Chrome's install prompt behind our own Install button, and
 * Safari on iOS (which has no prompt) gets the Add to Home Screen steps once.
 */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

const IOS_HINT_KEY = 'ios_install_hint_shown';

function isIosSafari(): boolean {
  const ua = navigator.userAgent;
  const ios = /iP(hone|od|ad)/.test(ua) || (ua.includes('Macintosh') && navigator.maxTouchPoints > 1);
  return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua);
}

const standalone = () =>
  matchMedia('(display-mode: standalone)').matches ||
  (navigator as Navigator & { standalone?: boolean }).standalone === true;

export function setUpPwa(swUrl: string): void {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(swUrl, { scope: '/p/' }).catch(() => undefined);
  }
  if (standalone()) return;
  const button = byId<HTMLButtonElement>(visitorIds.installButton);
  let deferred: InstallPromptEvent | undefined;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event as InstallPromptEvent;
    if (button) button.hidden = false;
  });
  button?.addEventListener('click', () => {
    if (deferred) {
      void deferred.prompt();
      deferred = undefined;
      button.hidden = true;
      return;
    }
    const sheet = byId(visitorIds.iosInstall);
    if (sheet) sheet.hidden = false;
  });
  if (isIosSafari() && button) {
    button.hidden = false;
    let shown = false;
    try {
      shown = localStorage.getItem(IOS_HINT_KEY) !== null;
      localStorage.setItem(IOS_HINT_KEY, '1');
    } catch {
      shown = true;
    }
    const sheet = byId(visitorIds.iosInstall);
    if (!shown && sheet) sheet.hidden = false;
  }
  byId(visitorIds.iosInstallClose)?.addEventListener('click', () => {
    const sheet = byId(visitorIds.iosInstall);
    if (sheet) sheet.hidden = true;
  });
}
