/** A list URL: `path` with the query as typed, `changes` applied (undefined removes a key). */
export function listUrl(
  path: string,
  query: Record<string, string>,
  changes: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) if (value) params.set(key, value);
  const text = params.toString();
  return `${path}${text ? `?${text}` : ''}`;
}

/**
 * "← Newest" and "Older →" under a keyset list (newest first): `after` is the cursor the page was
 * asked with, `nextCursor` the one of its last row when an older page exists. `swap` holds the
 * htmx attributes that replace the list region.
 */
export function KeysetPager(props: {
  path: string;
  query: Record<string, string>;
  nextCursor: string | undefined;
  swap: Record<string, string>;
}) {
  const { path, query, nextCursor, swap } = props;
  const newest = listUrl(path, query, { after: undefined });
  const older = nextCursor ? listUrl(path, query, { after: nextCursor }) : undefined;
  return (
    <nav class="pagination" aria-label="Pages">
      {query.after ? (
        <a class="button button-small" href={newest} hx-get={newest} {...swap}>
          ← Newest
        </a>
      ) : (
        <span />
      )}
      {older ? (
        <a class="button button-small" href={older} hx-get={older} {...swap}>
          Older →
        </a>
      ) : null}
    </nav>
  );
}
