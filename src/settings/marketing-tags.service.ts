import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { findSettingValue, saveSetting } from './settings.queries.ts';
import { type MarketingTags, NO_TAGS } from './settings.ts';

/**
 * Marketing tags (ADMIN-6): head and body snippets an admin pastes (GTM, Meta pixel, …) and the
 * origins those tags load from. secure-headers.ts injects them into every platform page with a
 * per-response nonce (docs/decisions/0006-marketing-tags-and-csp.md).
 */
export const MARKETING_TAGS_KEY = 'marketing_tags';

export async function loadMarketingTags(deps: Pick<Deps, 'db'>): Promise<MarketingTags> {
  const stored = await findSettingValue(deps.db, MARKETING_TAGS_KEY);
  if (!stored) return NO_TAGS;
  const parsed = JSON.parse(stored) as Partial<MarketingTags>;
  return {
    head: typeof parsed.head === 'string' ? parsed.head : '',
    body: typeof parsed.body === 'string' ? parsed.body : '',
    origins: Array.isArray(parsed.origins) ? parsed.origins.filter((o) => typeof o === 'string') : [],
  };
}

/** Saved tags apply to the next page served by any instance: pages read them on every load. */
export async function saveMarketingTags(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  tags: MarketingTags,
): Promise<void> {
  await saveSetting(deps.db, {
    key: MARKETING_TAGS_KEY,
    value: JSON.stringify(tags),
    now: toIso(deps.clock.now()),
    updatedBy: actorId,
  });
}
