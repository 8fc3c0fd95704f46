import { SESSION_STATUS_PATH } from '../../src/auth/staff-user.ts';
import { SESSION_ENDED_CLOSE } from '../../src/realtime/wire.ts';
import { agentIds, CONNECTION_STATES } from '../../views/agent/agent-dom-ids.ts';

/**
 * What the agent is told about their connection (ADMIN-3, OPS-7). The socket's close code drives
 * it: SESSION_ENDED_CLOSE (a force logout, a password reset, a disabled account) means signed out,
 * said at once, then the sign-in page; any other close (the instance died, the network dropped)
 * shows "Reconnecting…" with the truth that no new chat reaches them meanwhile (routing needs an
 * open socket), and the availability line stops saying "Available for new chats". A close seen
 * while reconnecting also asks the server whether the session still lives: a session revoked
 * while its instance was down ends in "signed out" too, not in endless reconnecting.
 */
type ConnectionState = (typeof CONNECTION_STATES)[keyof typeof CONNECTION_STATES];

const SIGN_IN_URL = '/login?next=%2Fagent';
/** Long enough to read "You have been signed out", short enough to feel immediate. */
const SIGN_IN_AFTER_MS = 1500;

let state: ConnectionState | undefined;
let leaving = false;
const serverLabels = new WeakMap<Element, string>();

const byId = (id: string) => document.getElementById(id);

/** The header's "Available for new chats" / "On break" line follows the connection. */
function paintAvailability(next: ConnectionState): void {
  const toggle = byId(agentIds.breakToggle);
  const label = toggle?.querySelector('.break-status');
  const button = toggle?.querySelector('button');
  if (!label) return;
  if (!serverLabels.has(label)) serverLabels.set(label, label.textContent ?? '');
  label.textContent =
    next === CONNECTION_STATES.open
      ? (serverLabels.get(label) ?? '')
      : next === CONNECTION_STATES.reconnecting
        ? 'Offline: reconnecting…'
        : 'Signed out';
  if (next === CONNECTION_STATES.open) serverLabels.delete(label);
  button?.toggleAttribute('disabled', next !== CONNECTION_STATES.open);
}

function show(next: ConnectionState): void {
  if (state === CONNECTION_STATES.signedOut || leaving) return; // signed out is final for this page
  state = next;
  document.documentElement.setAttribute('data-connection', next);
  const banner = byId(agentIds.connectionBanner);
  if (banner) {
    banner.setAttribute('data-state', next);
    banner.hidden = next === CONNECTION_STATES.open;
    banner.setAttribute('role', next === CONNECTION_STATES.signedOut ? 'alert' : 'status');
  }
  paintAvailability(next);
  if (next !== CONNECTION_STATES.signedOut) return;
  for (const field of document.querySelectorAll<HTMLTextAreaElement>('.composer textarea'))
    field.disabled = true;
  setTimeout(() => location.assign(SIGN_IN_URL), SIGN_IN_AFTER_MS);
}

/** Asks whether the session still lives; an unreachable server leaves the state as it is. */
async function probeSession(): Promise<void> {
  try {
    const res = await fetch(SESSION_STATUS_PATH, { credentials: 'same-origin', cache: 'no-store' });
    const answer = (await res.json()) as { signedIn?: unknown };
    if (answer.signedIn === false) show(CONNECTION_STATES.signedOut);
  } catch {
    // No answer: the instance is down or the network is; the socket keeps retrying.
  }
}

/** The socket opened or closed; returns true when it is back after a drop (refresh what was missed). */
export function connectionChanged(status: 'open' | 'closed', code?: number): boolean {
  if (status === 'open') {
    const recovered = state === CONNECTION_STATES.reconnecting;
    show(CONNECTION_STATES.open);
    return recovered;
  }
  if (code === SESSION_ENDED_CLOSE) {
    show(CONNECTION_STATES.signedOut);
    return false;
  }
  show(CONNECTION_STATES.reconnecting);
  void probeSession();
  return false;
}

/** A request of the console was refused for want of a session (401). */
export function sessionEnded(): void {
  show(CONNECTION_STATES.signedOut);
}

// Leaving the page closes the socket too: that is not a dropped connection to announce.
window.addEventListener('pagehide', () => {
  leaving = true;
});
