import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { BucketList, BucketNav, BucketPage } from '../../views/agent/buckets.tsx';
import { BUCKETS } from '../conversations/conversation.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { requireFeature } from '../http/middleware/require-feature.ts';
import { bucketPage, bucketTabs } from './inbox.service.ts';

const listSchema = z.object({
  bucket: z.enum(BUCKETS).default('active'),
  q: z.string().trim().max(100).default(''),
  after: z.string().max(200).optional(),
  open: z.string().max(30).optional(),
});

const badQuery = (field: string) => new AppError('inbox.bad_query', 400, `Check the ${field} parameter.`);

/** AGENT-1/2 fragments: a bucket's first page (or a next page after `after=`), and the tabs. */
export const inboxRoutes = new Hono<AppEnv>()
  .use('*', requireFeature('liveChat'))
  .get(
    '/',
    zValidator('query', listSchema, (result) => {
      if (!result.success) throw badQuery(String(result.error.issues[0]?.path[0] ?? 'bucket'));
    }),
    async (c) => {
      const { bucket, q, after, open } = c.req.valid('query');
      const result = await bucketPage(c.get('deps'), { userId: currentUser(c).id, bucket, search: q, after });
      if (!result.ok) throw badQuery('after');
      c.header('Vary', 'HX-Request');
      const props = { bucket, query: q, rows: result.value.rows, next: result.value.next, openId: open };
      if (after) return c.html(<BucketPage {...props} />);
      const tabs = await bucketTabs(c.get('deps'), currentUser(c).id);
      return c.html(
        <>
          <BucketList {...props} />
          <BucketNav tabs={tabs} current={bucket} oob />
        </>,
      );
    },
  )
  .get(
    '/nav',
    zValidator('query', listSchema.pick({ bucket: true }), (result) => {
      if (!result.success) throw badQuery('bucket');
    }),
    async (c) => {
      const tabs = await bucketTabs(c.get('deps'), currentUser(c).id);
      return c.html(<BucketNav tabs={tabs} current={c.req.valid('query').bucket} />);
    },
  );
