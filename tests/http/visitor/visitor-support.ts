import type { Db } from '../../../src/db/database.ts';
import { makeProject } from '../../support/factories.ts';
import { ORIGIN } from '../../support/make-app.ts';
import { fromPeer } from '../../support/peer.ts';

/** Shared bits of the visitor HTTP tests: a project, a valid form, and a JSON chat-start call. */
export const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export const validForm = {
  name: 'Ada Lovelace',
  country: 'GB',
  phone: '07911 123456',
  email: 'ada@example.com',
};

export async function visitorProject(db: Db, overrides: Parameters<typeof makeProject>[1] = {}) {
  return makeProject(db, {
    title: 'Acme Solar',
    subtitle: 'Panels for every roof',
    welcome_heading: 'Hello from Acme',
    welcome_message: 'Ask us anything about solar.',
    form_heading: 'Talk to an expert',
    form_description: 'We answer within minutes.',
    accent_color: '#f97316',
    header_color: '#111827',
    ...overrides,
  });
}

type Requester = {
  request: (
    path: string,
    init?: RequestInit,
    env?: ReturnType<typeof fromPeer>,
  ) => Response | Promise<Response>;
};

/** The page script's chat start; `peer` is the TCP address it comes from (default: none). */
export function startChatJson(
  app: Requester,
  slug: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  peer?: string,
) {
  return app.request(
    `/p/${slug}/chat`,
    {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    },
    peer === undefined ? undefined : fromPeer(peer),
  );
}

export async function countRows(db: Db) {
  const count = async (table: 'visitors' | 'conversations' | 'attributions') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    visitors: await count('visitors'),
    conversations: await count('conversations'),
    attributions: await count('attributions'),
  };
}

/** The `vt_<project>=<token>` pair from a Set-Cookie header. */
export const visitorCookie = (res: Response) => (res.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
