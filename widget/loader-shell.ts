import type { WidgetConfig } from '../src/projects/embed-contract.ts';
import type { WidgetPosition } from '../src/projects/project.ts';
import { widgetCss } from './loader-style.ts';

/**
 * The loader's DOM (WID-1, WID-7): a `<livechat-widget>` custom element on `<html>` with an open
 * shadow root holding the bubble, the popup backdrop and the panel (its bar: title and close
 * button). Built with createElement and textContent only; the project title is text, never HTML.
 */
export interface Shell {
  root: HTMLDivElement;
  bubble: HTMLButtonElement;
  badge: HTMLSpanElement;
  backdrop: HTMLDivElement;
  panel: HTMLDivElement;
  closeButton: HTMLButtonElement;
  shadow: ShadowRoot;
}

const SVG = 'http://www.w3.org/2000/svg';
const CHAT_ICON =
  'M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1-.2 1.3-.8 2.6-1.8 3.6 2 .1 3.9-.6 5.3-1.7 1.1.3 2.2.5 3.4.5 5.5 0 10-3.8 10-8.5S17.5 3 12 3z';
const CLOSE_ICON =
  'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';
const DOWN_ICON = 'M6.4 8.6 5 10l7 7 7-7-1.4-1.4-5.6 5.6z';

function icon(className: string, path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

/** A constructed stylesheet: a host page's CSP without 'unsafe-inline' blocks a <style>, not this. */
function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style'); // browsers before constructable stylesheets
    style.textContent = css;
    root.append(style);
  }
}

function button(className: string, label: string | null): HTMLButtonElement {
  const node = el('button', className);
  node.type = 'button';
  if (label) node.setAttribute('aria-label', label);
  return node;
}

export function createShell(
  config: Pick<WidgetConfig, 'title' | 'accentColor'>,
  position: WidgetPosition,
  withBubble: boolean,
): Shell {
  const host = document.createElement('livechat-widget');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, widgetCss(config.accentColor, position));
  const root = el('div', withBubble ? 'root' : 'root no-bubble');
  const bubble = button('bubble', null);
  bubble.setAttribute('aria-expanded', 'false');
  const badge = el('span', 'badge');
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  bubble.append(icon('chat', CHAT_ICON), icon('shut', DOWN_ICON), badge);
  const backdrop = el('div', 'backdrop');
  const panel = el('div', 'panel');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', `Chat with ${config.title}`);
  const bar = el('div', 'bar');
  const title = el('span', 'title');
  title.textContent = config.title;
  const closeButton = button('close', 'Close chat');
  closeButton.append(icon('', CLOSE_ICON));
  bar.append(title, closeButton);
  panel.append(bar);
  root.append(bubble, backdrop, panel);
  shadow.append(root);
  document.documentElement.append(host);
  return { root, bubble, badge, backdrop, panel, closeButton, shadow };
}
