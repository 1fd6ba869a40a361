import { AppError } from '../../errors.js';
import { REPORT_KINDS, type ReportKind } from '../../reports/kinds.js';
import { reportFilter } from '../../reports/scope.js';
import { defineRoute, type ApiRoute } from '../registry.js';

const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * One JSON route per report kind, scoped like the rest of the API. `format=csv|xlsx` is answered
 * by reportFilesRouter (src/reports/download.ts), mounted before the API router: it streams a file,
 * which the registry's JSON responses cannot.
 */
function reportRoute(kind: ReportKind): ApiRoute {
  return defineRoute({
    id: `${camel(kind.name)}Report`,
    method: 'get',
    path: `/reports/${kind.name}`,
    summary: kind.summary,
    roles: kind.roles,
    query: kind.query,
    response: kind.response,
    async handler({ principal, query, deps }) {
      const q = query as { format: string; department?: string };
      if (q.format !== 'json') throw new AppError('bad_request', `format=${q.format} downloads are not served by this deployment; ask for format=json.`);
      const out = await kind.build(deps.db, q, await reportFilter(deps.db, principal, q.department));
      return out.json;
    },
  });
}

export const reportRoutes: ApiRoute[] = REPORT_KINDS.map(reportRoute);
