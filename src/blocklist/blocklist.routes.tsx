import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { BlocksBody, BlocksPage, type BlocksViewProps } from '../../views/blocklist/blocks-page.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { respond } from '../http/respond.ts';
import { blockRefusalText } from '../security/block-refusals.ts';
import { blockIp, listBlocks, MAX_BLOCK_REASON, unblockIp } from '../security/ip-blocks.service.ts';
import { fieldErrors } from '../shared/field-errors.ts';

/**
 * The Blocked addresses page (SEC-3) under /admin and /manager (its own module: the security
 * module sits below http, which its middleware serves): every block in force, manual and
 * automatic, and their history; block an address; unblock. Posts keep the list the person was
 * looking at: they carry its query string.
 */
export const blocklistRoutes = new Hono<AppEnv>();

const listQuery = z.object({
  state: z.enum(['active', 'history']).default('active'),
  kind: z.enum(['all', 'manual', 'strike']).default('all'),
  ip: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((value) => value || undefined),
  after: z.string().max(80).optional(),
});
type ListQuery = z.infer<typeof listQuery>;

const blockForm = z.object({
  ip: z.string().trim().min(1, 'Enter the address to block.').max(64, 'That is not an address.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Give a reason for the block.')
    .max(MAX_BLOCK_REASON, `Keep the reason under ${MAX_BLOCK_REASON} characters.`),
});

/** The list query of the page a post came from (bad values fall back to the default list). */
function listOf(c: Context<AppEnv>): ListQuery {
  const parsed = listQuery.safeParse(c.req.query());
  return parsed.success ? parsed.data : { state: 'active', kind: 'all', ip: undefined };
}

const validList = zValidator('query', listQuery, (result) => {
  if (!result.success) {
    const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
    throw new AppError('blocks.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
  }
});

async function renderBlocks(
  c: Context<AppEnv>,
  base: string,
  query: ListQuery,
  extras: Pick<BlocksViewProps, 'notice' | 'form'> = {},
  status: 200 | 422 = 200,
) {
  const deps = c.get('deps');
  const page = await listBlocks(deps, query);
  const typed = Object.fromEntries(
    Object.entries({
      ...query,
      state: query.state === 'active' ? undefined : query.state,
      kind: query.kind === 'all' ? undefined : query.kind,
    }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
  const props: BlocksViewProps = {
    base,
    query: typed,
    state: query.state,
    kind: query.kind,
    page,
    ...extras,
  };
  return respond(
    c,
    {
      fragment: () => <BlocksBody {...props} />,
      page: () => <BlocksPage user={currentUser(c)} {...props} />,
    },
    page.ipError ? 422 : status,
  );
}

for (const base of SHARED_CONSOLES) {
  blocklistRoutes.get(`${base}/blocks`, validList, (c) => renderBlocks(c, base, c.req.valid('query')));

  blocklistRoutes.post(
    `${base}/blocks`,
    validForm(blockForm, (c, errors, values) =>
      renderBlocks(c, base, listOf(c), { form: { values, errors } }, 422),
    ),
    async (c) => {
      const form = c.req.valid('form');
      const blocked = await blockIp(c.get('deps'), {
        ip: form.ip,
        reason: form.reason,
        operatorId: currentUser(c).id,
        operatorIp: c.get('clientIp'),
      });
      if (!blocked.ok) {
        const field =
          blocked.code === 'block.reason_required' || blocked.code === 'block.reason_too_long'
            ? 'reason'
            : 'ip';
        const errors = { [field]: blockRefusalText(blocked) };
        return renderBlocks(c, base, listOf(c), { form: { values: form, errors } }, 422);
      }
      const text = `Blocked ${blocked.value.ip}. It gets a bare 403 everywhere from now on.`;
      return renderBlocks(c, base, listOf(c), { notice: { kind: 'success', text } });
    },
  );

  blocklistRoutes.post(`${base}/blocks/:id/unblock`, async (c) => {
    const lifted = await unblockIp(c.get('deps'), {
      blockId: c.req.param('id'),
      operatorId: currentUser(c).id,
    });
    const notice = lifted.ok
      ? { kind: 'success' as const, text: `Unblocked ${lifted.value.ip}.` }
      : { kind: 'error' as const, text: 'That block is no longer in force.' };
    return renderBlocks(c, base, listOf(c), { notice }, lifted.ok ? 200 : 422);
  });
}
