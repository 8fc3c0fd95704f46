import { type Context, Hono } from 'hono';
import {
  ImportStatus,
  importsPath,
  LeadImportMappingPage,
  LeadImportResultPage,
  LeadImportsPage,
} from '../../views/crm/lead-import-page.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError, notFound } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { findProjectById } from '../projects/projects.queries.ts';
import { MAX_CSV_UPLOAD_BYTES } from '../security/body-limits.ts';
import {
  finishedReportPath,
  importPageData,
  loadImportView,
  parseImportSettings,
  queueImport,
  receiveUpload,
  type UploadError,
} from './lead-imports.service.ts';
import { leadOwnerOptions } from './lead-owners.service.ts';

/**
 * CSV upload (CRM-5) under the admin and manager consoles: upload → preview and mapping →
 * import → per-row report. Mounted before crm.routes.tsx so `/leads/import` is not a lead id.
 */
export const leadImportRoutes = new Hono<AppEnv>();

const ID = /^[0-9A-Za-z]{1,26}$/;

const uploadMessage: Record<UploadError, string> = {
  not_multipart: 'Choose a CSV file to upload.',
  no_file: 'Choose a CSV file to upload.',
  empty: 'The file is empty.',
  no_project: 'Choose the project these leads belong to.',
};

for (const base of SHARED_CONSOLES) {
  const listPage = async (c: Context<AppEnv>, notice?: { kind: 'error'; text: string }) => {
    const data = await importPageData(c.get('deps'));
    return c.html(
      <LeadImportsPage
        base={base}
        user={currentUser(c)}
        {...data}
        maxMegabytes={MAX_CSV_UPLOAD_BYTES / 1024 / 1024}
        notice={notice}
      />,
      notice ? 422 : 200,
    );
  };

  const importPage = async (c: Context<AppEnv>, notice?: { kind: 'error'; text: string }) => {
    const deps = c.get('deps');
    const id = c.req.param('id') ?? '';
    if (!ID.test(id)) throw notFound();
    const view = await loadImportView(deps, id);
    if (!view) throw notFound();
    const user = currentUser(c);
    if (view.kind === 'mapping') {
      const project = view.row.project_id ? await findProjectById(deps.db, view.row.project_id) : undefined;
      return c.html(
        <LeadImportMappingPage
          base={base}
          user={user}
          row={view.row}
          preview={view.preview}
          mapping={view.mapping}
          remembered={view.remembered}
          agents={await leadOwnerOptions(deps)}
          defaultCountry={project?.defaultCountry ?? ''}
          notice={notice}
        />,
        notice ? 422 : 200,
      );
    }
    const message = view.kind === 'unreadable' ? view.message : undefined;
    const status = view.kind === 'unreadable' ? 422 : 200;
    // A running import's page polls this URL for its status region (STYLE 2.5: one URL, two shapes).
    c.header('Vary', 'HX-Request');
    if (isFragmentRequest(c))
      return c.html(<ImportStatus base={base} row={view.row} message={message} />, status);
    return c.html(<LeadImportResultPage base={base} user={user} row={view.row} message={message} />, status);
  };

  leadImportRoutes.get(`${base}/leads/import`, (c) => listPage(c));

  leadImportRoutes.post(`${base}/leads/import`, async (c) => {
    const result = await receiveUpload(c.get('deps'), currentUser(c).id, {
      body: c.req.raw.body,
      contentType: c.req.header('Content-Type') ?? '',
    });
    if (!result.ok) return listPage(c, { kind: 'error', text: uploadMessage[result.code] });
    return c.redirect(`${importsPath(base)}/${result.value.id}`, 303);
  });

  leadImportRoutes.get(`${base}/leads/import/:id`, (c) => importPage(c));

  leadImportRoutes.post(`${base}/leads/import/:id`, async (c) => {
    const deps = c.get('deps');
    const id = c.req.param('id');
    if (!ID.test(id)) throw notFound();
    const view = await loadImportView(deps, id);
    if (!view) throw notFound();
    if (view.kind !== 'mapping') return c.redirect(`${importsPath(base)}/${id}`, 303);
    const form = Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    const settings = parseImportSettings(form, view.preview.headers.length);
    if (!settings.ok) return importPage(c, { kind: 'error', text: settings.message });
    if (settings.value.assigneeId) {
      const agents = await leadOwnerOptions(deps);
      if (!agents.some((agent) => agent.id === settings.value.assigneeId))
        return importPage(c, { kind: 'error', text: 'Owner: choose an active agent with CRM Leads.' });
    }
    const result = await queueImport(deps, id, settings.value);
    if (!result.ok && result.code === 'not_found') throw notFound();
    return c.redirect(`${importsPath(base)}/${id}`, 303);
  });

  leadImportRoutes.get(`${base}/leads/import/:id/report.csv`, async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) throw notFound();
    const path = await finishedReportPath(c.get('deps'), id);
    if (!path) throw new AppError('leads.import_no_report', 404, 'This import has no report yet.');
    const file = Bun.file(path);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="import-report-${id}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(file.stream());
  });
}
