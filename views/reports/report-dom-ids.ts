/** DOM ids and markers of the report pages, shared by the views and client/staff/report-links.ts. */
export const REPORT_RESULTS_ID = 'report-results';
/** Links with this attribute get the viewer's time zone as `?tz=` when clicked (PDF transcripts). */
export const TIMEZONE_LINK_ATTR = 'data-viewer-tz';
