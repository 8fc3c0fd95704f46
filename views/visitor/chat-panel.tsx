import { MAX_MESSAGE_LENGTH } from '../../src/messages/message.ts';
import { CSAT_SCORES, MAX_CSAT_COMMENT } from '../../src/visitors/csat.ts';
import { InstallOffer } from './install-offer.tsx';
import { visitorIds } from './visitor-dom-ids.ts';

/**
 * The chat's frame. Messages are drawn by the page script from the realtime JSON, always with
 * textContent (VIS-12), so this view holds only fixed text.
 */
export function ChatPanel({ hidden }: { hidden: boolean }) {
  return (
    <section id={visitorIds.chatSection} class="vp-chat" aria-label="Chat" hidden={hidden}>
      <p id={visitorIds.chatStatus} class="vp-status" role="status" />
      <section id={visitorIds.chatLog} class="vp-log" tabindex={0} aria-label="Messages">
        <p id={visitorIds.olderSentinel} class="vp-older" hidden>
          Loading earlier messages…
        </p>
        <ol id={visitorIds.messages} class="vp-messages" aria-live="polite" aria-relevant="additions" />
        <p class="vp-empty">Send us a message and a specialist will reply right here.</p>
        <p id={visitorIds.typing} class="vp-typing" hidden>
          <span class="vp-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          Support is typing…
        </p>
      </section>
      <p id={visitorIds.closedBanner} class="vp-banner" role="status" hidden>
        This chat has ended. Send a message to start a new one.
      </p>
      <CsatForm />
      <div id={visitorIds.leaveMessage} class="vp-banner vp-banner-info" role="status" hidden>
        <strong>Our team is busy right now.</strong> Leave your message here and we will get back to you. Your
        details are saved, so you can close this page.
      </div>
      <InstallOffer />
      <form id={visitorIds.composer} class="vp-composer" aria-label="Write a message">
        <p id={visitorIds.composerError} class="vp-composer-error" role="alert" hidden />
        <div id={visitorIds.replyPreview} class="vp-reply-preview" hidden>
          <div>
            <span class="vp-reply-label">Replying to</span>
            <p id={visitorIds.replyQuote} class="vp-reply-quote" />
          </div>
          <button type="button" id={visitorIds.replyCancel} class="vp-icon-button" aria-label="Cancel reply">
            ×
          </button>
        </div>
        <div id={visitorIds.imagePreview} class="vp-image-preview" hidden>
          <img id={visitorIds.imagePreviewImg} alt="Attachment to send" />
          <button type="button" id={visitorIds.imageRemove} class="vp-icon-button" aria-label="Remove image">
            ×
          </button>
        </div>
        <div class="vp-composer-row">
          <button
            type="button"
            id={visitorIds.attachButton}
            class="vp-icon-button"
            aria-label="Attach an image"
            hidden
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path
                d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5"
                fill="none"
                stroke="currentColor"
                stroke-width="1.8"
                stroke-linecap="round"
              />
            </svg>
          </button>
          <input
            type="file"
            id={visitorIds.attachInput}
            class="vp-sr-only"
            accept="image/png,image/jpeg,image/webp,image/gif"
            tabindex={-1}
          />
          <label for={visitorIds.composerInput} class="vp-sr-only">
            Message
          </label>
          <textarea
            id={visitorIds.composerInput}
            class="vp-input"
            rows={1}
            maxlength={MAX_MESSAGE_LENGTH}
            placeholder="Type a message…"
            enterkeyhint="send"
          />
          <button type="submit" class="vp-send" aria-label="Send">
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" fill="currentColor" />
            </svg>
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * BEYOND-5: after a person closed the chat, the page script shows this once (it asks the server
 * whether to); the thanks line replaces it once the rating is stored, on every tab and reload.
 */
function CsatForm() {
  return (
    <>
      <form id={visitorIds.csatForm} class="vp-csat" aria-labelledby="csat-title" hidden>
        <fieldset class="vp-csat-scale">
          <legend id="csat-title">How was this chat? 1 is poor, 5 is excellent.</legend>
          {CSAT_SCORES.map((score) => (
            <label class="vp-csat-score">
              <input type="radio" name="score" value={String(score)} required />
              <span>{score}</span>
            </label>
          ))}
        </fieldset>
        <label for={visitorIds.csatComment} class="vp-csat-label">
          Anything to add? (optional)
        </label>
        <textarea
          id={visitorIds.csatComment}
          name="comment"
          class="vp-input"
          rows={2}
          maxlength={MAX_CSAT_COMMENT}
        />
        <p id={visitorIds.csatError} class="vp-composer-error" role="alert" hidden />
        <button type="submit" class="vp-csat-send">
          Send rating
        </button>
      </form>
      <p id={visitorIds.csatThanks} class="vp-banner vp-banner-info" role="status" hidden>
        Thank you for your rating.
      </p>
    </>
  );
}
