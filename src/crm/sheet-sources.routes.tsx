import { type Context, Hono } from 'hono';
import {
  SHEET_SOURCES_PATH,
  SheetSourcePage,
  SheetSourcesPage,
  sheetSourcePath,
} from '../../views/crm/sheet-sources-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import type { FieldErrors } from '../shared/field-errors.ts';
import {
  loadSheetSource,
  mappingText,
  saveSheetSource,
  setSheetSourceEnabled,
  sheetSourcesPageData,
} from './sheet-sources.service.ts';
import type { SheetSourceRow } from './sheet-sources.ts';

/** Google Sheets lead sources (CRM-6), admin only (config.manage): list, add, edit, enable/disable. */
export const sheetSourceRoutes = new Hono<AppEnv>();

const ID = /^[0-9A-Za-z]{1,26}$/;

async function formOf(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** What the edit form shows for a saved source: never the key. */
const valuesOf = (source: SheetSourceRow): Record<string, string> => ({
  name: source.name,
  project: source.project_id ?? '',
  spreadsheet_id: source.sheet_id ?? '',
  range: source.sheet_range ?? '',
  mapping: mappingText(source.column_map),
  poll_interval_s: String(source.poll_interval_s),
  default_country: source.default_country ?? '',
  default_stage: source.default_stage ?? '',
  default_owner: source.default_owner_id ?? '',
  enabled: source.enabled ? 'on' : '',
});

const withoutKey = (form: Record<string, string>) => {
  const { key_json: _key, ...rest } = form;
  return rest;
};

async function sourcePage(
  c: Context<AppEnv>,
  source: SheetSourceRow,
  form?: { values: Record<string, string>; errors: FieldErrors },
) {
  const { projects, owners } = await sheetSourcesPageData(c.get('deps'));
  return c.html(
    <SheetSourcePage
      user={currentUser(c)}
      source={source}
      projects={projects}
      owners={owners}
      values={form?.values ?? valuesOf(source)}
      errors={form?.errors ?? {}}
    />,
    form ? 422 : 200,
  );
}

sheetSourceRoutes.get(SHEET_SOURCES_PATH, async (c) => {
  const data = await sheetSourcesPageData(c.get('deps'));
  return c.html(<SheetSourcesPage user={currentUser(c)} {...data} />);
});

sheetSourceRoutes.post(SHEET_SOURCES_PATH, async (c) => {
  const form = await formOf(c);
  const saved = await saveSheetSource(c.get('deps'), currentUser(c).id, undefined, form);
  if (saved.ok) return c.redirect(sheetSourcePath(saved.id), 303);
  const data = await sheetSourcesPageData(c.get('deps'));
  return c.html(
    <SheetSourcesPage
      user={currentUser(c)}
      {...data}
      form={{ values: withoutKey(form), errors: saved.errors }}
    />,
    422,
  );
});

const sourceOf = async (c: Context<AppEnv>) => {
  const id = c.req.param('id') ?? '';
  const source = ID.test(id) ? await loadSheetSource(c.get('deps'), id) : undefined;
  if (!source) throw notFound();
  return source;
};

sheetSourceRoutes.get(`${SHEET_SOURCES_PATH}/:id`, async (c) => sourcePage(c, await sourceOf(c)));

sheetSourceRoutes.post(`${SHEET_SOURCES_PATH}/:id`, async (c) => {
  const source = await sourceOf(c);
  const form = await formOf(c);
  const saved = await saveSheetSource(c.get('deps'), currentUser(c).id, source.id, form);
  if (saved.ok) return c.redirect(sheetSourcePath(source.id), 303);
  return sourcePage(c, source, { values: withoutKey(form), errors: saved.errors });
});

sheetSourceRoutes.post(`${SHEET_SOURCES_PATH}/:id/enabled`, async (c) => {
  const source = await sourceOf(c);
  const form = await formOf(c);
  await setSheetSourceEnabled(c.get('deps'), source.id, form.enabled === '1');
  return c.redirect(sheetSourcePath(source.id), 303);
});
