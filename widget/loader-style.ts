import type { WidgetPosition } from '../src/projects/project.ts';

/**
 * The loader's whole look, inside its shadow root (WID-7). Host-page CSS cannot reach in: the
 * host element resets everything with `all: initial !important` (an !important rule of the
 * shadow tree beats the page's own, even `* { all: unset !important }`), sizes are px (never
 * rem, which follows the page's root font size), and nothing here is inherited from the page or
 * reads a custom property the page could set. Adopted as a constructed stylesheet, which a host
 * page's strict CSP (`style-src` without 'unsafe-inline') does not block.
 */

/** Text on the accent colour: white, or near-black when the accent is light (WCAG luminance). */
export function inkOn(accent: string): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(accent)?.[1];
  if (!hex) return '#ffffff';
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#0f172a' : '#ffffff';
}

const SAFE_COLOUR = /^#[0-9a-f]{6}$/i;

export function widgetCss(accent: string, position: WidgetPosition): string {
  const colour = SAFE_COLOUR.test(accent) ? accent : '#2563eb';
  const ink = inkOn(colour);
  const side = position === 'bottom-left' ? 'left' : 'right';
  return `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:none!important}
*{box-sizing:border-box}
.root{font:400 14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#0f172a;-webkit-font-smoothing:antialiased}
.bubble{position:fixed;${side}:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;margin:0;padding:0;border:0;border-radius:50%;background:${colour};color:${ink};cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 12px rgba(15,23,42,.24),0 12px 32px rgba(15,23,42,.16);pointer-events:auto;transition:transform .15s ease}
.bubble:hover{transform:scale(1.05)}
.bubble:focus-visible,.close:focus-visible{outline:3px solid ${colour};outline-offset:3px}
.bubble svg{width:28px;height:28px;fill:currentColor;display:block}
.bubble .shut{display:none}
.open .bubble .chat{display:none}
.open .bubble .shut{display:block}
.badge{position:absolute;top:-4px;${side === 'left' ? 'right' : 'left'}:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;font:700 12px/22px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;text-align:center;box-shadow:0 0 0 2px #fff}
.badge[hidden],.no-bubble .bubble{display:none}
.panel{position:fixed;${side}:20px;bottom:92px;z-index:2147483001;width:380px;height:min(640px,calc(100vh - 112px));display:flex;flex-direction:column;background:#fff;border-radius:16px;overflow:hidden;box-shadow:0 12px 48px rgba(15,23,42,.28);visibility:hidden;opacity:0;transform:translateY(12px);transition:opacity .16s ease,transform .16s ease,visibility 0s .16s;pointer-events:none}
.open .panel{visibility:visible;opacity:1;transform:none;transition:opacity .16s ease,transform .16s ease;pointer-events:auto}
.no-bubble .panel{bottom:20px;height:min(640px,calc(100vh - 40px))}
.modal .panel{left:50%;right:auto;top:50%;bottom:auto;width:min(420px,calc(100vw - 32px));height:min(640px,calc(100vh - 64px));transform:translate(-50%,-50%)}
.backdrop{position:fixed;inset:0;z-index:2147483000;background:rgba(15,23,42,.5);display:none;pointer-events:auto}
.open.modal .backdrop{display:block}
.bar{flex:none;display:flex;align-items:center;gap:8px;height:52px;padding:0 8px 0 16px;background:${colour};color:${ink}}
.title{flex:1;min-width:0;font-weight:650;font-size:15px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.close{flex:none;width:40px;height:40px;margin:0;padding:0;border:0;border-radius:50%;background:transparent;color:inherit;cursor:pointer;display:flex;align-items:center;justify-content:center}
.close:hover{background:rgba(255,255,255,.16)}
.close svg{width:22px;height:22px;fill:currentColor;display:block}
iframe{flex:1;display:block;width:100%;min-height:0;border:0;margin:0;padding:0;background:#f1f5f9}
@media (max-width:480px){.panel,.modal .panel,.no-bubble .panel{inset:0;width:100%;height:100%;border-radius:0;transform:none}.open .bubble{display:none}}
@media (prefers-reduced-motion:reduce){.panel,.bubble{transition:none}}
`;
}
