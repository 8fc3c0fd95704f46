import { visitorIds } from './visitor-dom-ids.ts';

/**
 * The offer to keep the chat on the Home Screen (VIS-9). Never on a first visit and never over
 * the lead form (issue 13): it sits in the chat, above the composer, covering nothing, and the
 * page script shows it once, at a calm moment (client/visitor/pwa.ts). Safari on iOS has no
 * install prompt, so it gets the steps; Chrome gets an Install button for its own prompt.
 */
export function InstallOffer() {
  return (
    <section id={visitorIds.installOffer} class="vp-offer" aria-labelledby="install-offer-title" hidden>
      <h2 id="install-offer-title">Add this chat to your Home Screen</h2>
      <p id={visitorIds.installLead} class="vp-offer-lead">
        It opens like an app and keeps your conversation.
      </p>
      <ol id={visitorIds.installSteps} hidden>
        <li>
          Tap the <strong>Share</strong> button in Safari's toolbar.
        </li>
        <li>
          Choose <strong>Add to Home Screen</strong>, then tap <strong>Add</strong>.
        </li>
      </ol>
      <div class="vp-offer-actions">
        <button type="button" id={visitorIds.installAccept} class="vp-button vp-button-accent" hidden>
          Install
        </button>
        <button type="button" id={visitorIds.installDismiss} class="vp-button vp-button-quiet">
          Not now
        </button>
      </div>
    </section>
  );
}
