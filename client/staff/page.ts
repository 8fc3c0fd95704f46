import type { RealtimeClient } from '../shared/realtime.ts';

/**
 * What staff pages give their scripts: htmx and Alpine (CSP build), vendored as static files and
 * loaded before these bundles run their listeners, and the agent console's realtime client.
 */
interface Htmx {
  ajax(
    method: 'GET' | 'POST',
    url: string,
    options: {
      target: string;
      swap?: string;
      /** Only these elements of the response (`hx-select`), and these out of band (`hx-select-oob`). */
      select?: string;
      selectOOB?: string;
      /** Kept on the request's context, where listeners of htmx's events can read it. */
      leadLive?: boolean;
    },
  ): Promise<void>;
  swap(options: { text: string; swap: string }): void;
  trigger(target: Element, event: string): void;
}

/** Alpine's magic properties a component's methods use. */
export interface AlpineMagics {
  $el: HTMLElement;
  $root: HTMLElement;
  $refs: Record<string, HTMLElement>;
  $dispatch(event: string, detail?: unknown): void;
}

interface Alpine {
  data(name: string, component: () => object): void;
}

declare global {
  interface Window {
    htmx: Htmx;
    Alpine: Alpine;
    /** The agent console's socket, for tests and the console's other scripts. */
    agentRealtime?: RealtimeClient;
  }
}

export const htmx = (): Htmx => window.htmx;

/**
 * Registers an Alpine component (`x-data="name"`) once Alpine starts. Under the strict CSP every
 * component is defined here, in our own files (Alpine's CSP build evaluates no expressions).
 */
export function alpineComponent<State extends object>(
  name: string,
  make: () => State & ThisType<State & AlpineMagics>,
): void {
  document.addEventListener('alpine:init', () => window.Alpine.data(name, make));
}
