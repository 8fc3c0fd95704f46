/** DOM ids of the project page's widget sections, shared by the views and their scripts. */
export const projectIds = {
  widgetSection: 'widget-settings',
  embedCodes: 'embed-codes',
  adLinks: 'ad-links',
  adLinkUrl: 'ad-link-url',
  adLinkQuery: 'ad-link-query',
} as const;
