import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { DashboardBody, DashboardLiveRegion, DashboardPage } from '../../views/dashboard/dashboard-page.tsx';
import { SHARED_CONSOLES } from '../auth/policy.ts';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { respond } from '../http/respond.ts';
import { fieldErrors } from '../shared/field-errors.ts';
import { dashboardRange, loadDashboardLive, loadDashboardPeriod } from './dashboard.service.ts';
import { DASHBOARD_COUNT_CAP, DASHBOARD_PERIODS } from './dashboard.ts';

/** The admin/manager dashboard (ADMIN-1, docs/decisions/0047) under both shared consoles. */
export const dashboardRoutes = new Hono<AppEnv>();

const optional = <T extends z.ZodType>(schema: T) =>
  schema.optional().or(z.literal('').transform(() => undefined));
const day = optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));

const dashboardQuery = z.object({
  days: optional(z.enum(DASHBOARD_PERIODS.map(String) as [string, ...string[]])),
  from: day,
  to: day,
});

/** A malformed filter is a 400 that names the parameter; nothing is queried. */
const validQuery = zValidator('query', dashboardQuery, (result) => {
  if (!result.success) {
    const [field, message] = Object.entries(fieldErrors(result.error))[0] ?? ['query', 'invalid'];
    throw new AppError('dashboard.bad_filter', 400, `The filter "${field}" is not valid: ${message}.`);
  }
});

const typed = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));

for (const base of SHARED_CONSOLES) {
  dashboardRoutes.get(base, validQuery, async (c) => {
    const deps = c.get('deps');
    const query = c.req.valid('query');
    const resolved = dashboardRange(deps, query);
    const range = resolved.ok ? resolved.range : undefined;
    const [live, period] = range
      ? await Promise.all([loadDashboardLive(deps, range), loadDashboardPeriod(deps, range)])
      : [undefined, undefined];
    const props = {
      base,
      query: typed(query),
      countCap: DASHBOARD_COUNT_CAP,
      range,
      rangeError: resolved.ok ? undefined : resolved.message,
      live,
      period,
    };
    return respond(
      c,
      {
        fragment: () => <DashboardBody {...props} />,
        page: () => <DashboardPage user={currentUser(c)} {...props} />,
      },
      resolved.ok ? 200 : 422,
    );
  });

  // The live region's own reload (queue, presence, status counts): staff-topic events ask for it
  // often, so it reads none of the period's figures.
  dashboardRoutes.get(`${base}/dashboard/live`, validQuery, async (c) => {
    const deps = c.get('deps');
    const query = typed(c.req.valid('query'));
    c.header('Vary', 'HX-Request');
    if (!isFragmentRequest(c)) return c.redirect(`${base}?${new URLSearchParams(query)}`, 303);
    const resolved = dashboardRange(deps, query);
    if (!resolved.ok) throw new AppError('dashboard.bad_range', 422, resolved.message);
    const live = await loadDashboardLive(deps, resolved.range);
    return c.html(
      <DashboardLiveRegion
        base={base}
        query={query}
        range={resolved.range}
        countCap={DASHBOARD_COUNT_CAP}
        {...live}
      />,
    );
  });
}
