import { cannedRepliesOf } from '../canned-replies/canned-replies.service.ts';
import type { Bucket } from '../conversations/conversation.ts';
import type { Deps } from '../deps.ts';
import { followUpsDue } from './agent-console.service.ts';
import { bucketPage, bucketTabs } from './inbox.service.ts';
import { loadChatPane } from './pane.service.ts';

/**
 * Everything the Inbox page shows at load: tabs with counts, the bucket's first page, the day's
 * follow-ups, and the chat named in the URL (a notification click opens /agent?chat=…).
 */
export async function loadConsole(
  deps: Pick<Deps, 'db' | 'clock' | 'presence'>,
  userId: string,
  input: { bucket: Bucket; chatId?: string },
) {
  const [followUps, tabs, page, pane, cannedReplies] = await Promise.all([
    followUpsDue(deps, userId),
    bucketTabs(deps, userId),
    bucketPage(deps, { userId, bucket: input.bucket, search: '' }),
    input.chatId ? loadChatPane(deps, userId, input.chatId) : undefined,
    cannedRepliesOf(deps, userId),
  ]);
  return {
    followUps,
    tabs,
    list: {
      bucket: input.bucket,
      query: '',
      rows: page.ok ? page.value.rows : [],
      next: page.ok ? page.value.next : null,
      openId: input.chatId,
    },
    pane: pane?.ok ? pane.value : undefined,
    cannedReplies,
  };
}
