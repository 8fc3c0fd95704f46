import { assetBundle, file, script } from './asset-bundle.ts';

/**
 * Every browser bundle the server ships, by public name under /static/. Sources: client/
 * (visitor page, staff consoles, the shared realtime client) and widget/ (the embeddable
 * widget). Vendored htmx and Alpine, CSS and the agent console's service worker stay static
 * files (src/ops/static.routes.ts).
 */
/**
 * The visitor page. Its form script checks phone numbers by their shape until the full rules
 * (libphonenumber's metadata, ~30 KB gzipped: phoneRulesBundle) arrive on the visitor's first
 * touch of the form, keeping the first load within 30 KB (PERF-4, ADR 0032).
 */
export const visitorBundle = assetBundle(
  {
    'visitor/form.js': script('client/visitor/form.ts'),
    'visitor/chat.js': script('client/visitor/chat.ts'),
    'visitor/visitor.css': file('static/visitor/visitor.css'),
    // Only browsers without script load it (a <noscript> link): the plain country selector.
    'visitor/noscript.css': file('static/visitor/noscript.css'),
    // Served from /static/visitor/ but allowed to control every project page under /p/.
    'visitor/sw.js': file('static/visitor/sw.js', {
      headers: { 'Service-Worker-Allowed': '/p/' },
      fixedUrl: true,
    }),
  },
  { aliases: { 'libphonenumber-js/min': 'client/visitor/phone-on-demand.ts' } },
);

/** The visitor form's full phone rules, loaded on demand (client/visitor/phone-on-demand.ts). */
export const phoneRulesBundle = assetBundle({
  'visitor/phone-rules.js': script('client/visitor/phone-rules.ts'),
});

export const staffBundle = assetBundle({
  'agent/chat.js': script('client/staff/agent-chat.ts'),
  'agent/console.js': script('client/staff/agent-console.ts'),
  'agent/canned-picker.js': script('client/staff/canned-picker.ts'),
  'agent/storage-pruner.js': script('client/staff/storage-pruner.ts'),
  'js/console-live.js': script('client/staff/console-live.ts'),
  'js/qa-console.js': script('client/staff/qa-console.ts'),
  'js/chat-dialog.js': script('client/staff/chat-dialog.ts'),
  'js/copy-button.js': script('client/staff/copy-button.ts'),
  'js/project-preview.js': script('client/staff/project-preview.ts'),
  'js/widget-preview.js': script('client/staff/widget-preview.ts'),
  'js/ad-link-builder.js': script('client/staff/ad-link-builder.ts'),
  'js/data-layer.js': script('client/staff/data-layer.ts'),
  'js/lead-board.js': script('client/staff/lead-board.ts'),
  'js/lead-live.js': script('client/staff/crm-live.ts'),
  'js/report-links.js': script('client/staff/report-links.ts'),
});

/** Scripts a third-party page loads from us (the loader, lead-form capture) may be embedded there. */
const EMBEDDABLE = { headers: { 'Cross-Origin-Resource-Policy': 'cross-origin' } };

/**
 * The embeddable widget (WID-1..7, docs/decisions/0029): the loader and the lead-form capture run
 * on customers' sites, reached through the short-cached entry points /widget/widget.js and
 * /widget/lead-form.js (src/embed/embed.routes.ts); the frame is the visitor page in embed mode.
 * The frame builds the visitor page's own form script with the phone metadata swapped for a
 * shape check (widget/phone-lite.ts): the server's full check answers on submit (PERF-4).
 */
export const widgetBundle = assetBundle(
  {
    'widget/loader.js': script('widget/loader.ts', EMBEDDABLE),
    'widget/lead-capture.js': script('widget/lead-capture.ts', EMBEDDABLE),
    'widget/frame.js': script('widget/frame.ts'),
    'widget/frame.css': file('widget/frame.css'),
  },
  { aliases: { 'libphonenumber-js/min': 'widget/phone-lite.ts' } },
);

export const bundles = [visitorBundle, phoneRulesBundle, staffBundle, widgetBundle];
