/** DOM ids of the project page's widget sections, shared by the views and their scripts. */
export const projectIds = {
  widgetSection: 'widget-settings',
  embedCodes: 'embed-codes',
  adLinks: 'ad-links',
  adLinkUrl: 'ad-link-url',
  adLinkQuery: 'ad-link-query',
  /** The web-form leads section, which the CRM module serves (views/crm/web-lead-settings.tsx). */
  webLeadSettings: 'web-lead-settings',
} as const;
