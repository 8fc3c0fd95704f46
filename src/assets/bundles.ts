import { assetBundle, file, script } from './asset-bundle.ts';

/**
 * Every browser bundle the server ships, by public name under /static/. Sources: client/
 * (visitor page, staff consoles, the shared realtime client) and, when it lands, widget/ (the
 * embeddable widget, a third bundle). Vendored htmx and Alpine, CSS and the agent console's
 * service worker stay static files (src/ops/static.routes.ts).
 */
export const visitorBundle = assetBundle({
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
});

export const staffBundle = assetBundle({
  'agent/chat.js': script('client/staff/agent-chat.ts'),
  'agent/console.js': script('client/staff/agent-console.ts'),
  'agent/canned-picker.js': script('client/staff/canned-picker.ts'),
  'agent/storage-pruner.js': script('client/staff/storage-pruner.ts'),
  'js/console-live.js': script('client/staff/console-live.ts'),
  'js/chat-dialog.js': script('client/staff/chat-dialog.ts'),
  'js/copy-button.js': script('client/staff/copy-button.ts'),
  'js/project-preview.js': script('client/staff/project-preview.ts'),
});

export const bundles = [visitorBundle, staffBundle];
