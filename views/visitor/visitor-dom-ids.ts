/**
 * DOM ids of the visitor page, shared by the server views and the browser scripts
 * (client/visitor/), so neither hand-types an id the other renders.
 */
export const visitorIds = {
  contactSection: 'contact',
  contactForm: 'contact-form',
  formAlert: 'contact-alert',
  countryCode: 'country-code',
  chatSection: 'chat',
  chatStatus: 'chat-status',
  chatLog: 'chat-log',
  olderSentinel: 'older-messages',
  messages: 'messages',
  typing: 'typing',
  closedBanner: 'closed-banner',
  csatForm: 'csat',
  csatComment: 'csat-comment',
  csatError: 'csat-error',
  csatThanks: 'csat-thanks',
  leaveMessage: 'leave-message',
  composer: 'composer',
  composerInput: 'composer-input',
  composerError: 'composer-error',
  replyPreview: 'reply-preview',
  replyQuote: 'reply-quote',
  replyCancel: 'reply-cancel',
  attachButton: 'attach',
  attachInput: 'attach-input',
  imagePreview: 'image-preview',
  imagePreviewImg: 'image-preview-img',
  imageRemove: 'image-remove',
  installButton: 'install',
  installOffer: 'install-offer',
  installSteps: 'install-steps',
  installLead: 'install-lead',
  installAccept: 'install-accept',
  installDismiss: 'install-dismiss',
} as const;

/** The error element of a contact field: `name-error`, `phone-error`, … */
export const fieldErrorId = (field: string): string => `${field}-error`;
/** A message's element: the reply-to quote scrolls to it (VIS-6). */
export const messageDomId = (messageId: string): string => `m-${messageId}`;
