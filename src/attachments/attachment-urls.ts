/** Where the consoles fetch a chat image (served by staff-attachments.routes.ts). */
export const STAFF_ATTACHMENT_PATH = '/api/staff/attachments';
export const staffAttachmentUrl = (attachmentId: string): string =>
  `${STAFF_ATTACHMENT_PATH}/${attachmentId}`;
