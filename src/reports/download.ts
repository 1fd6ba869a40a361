import express, { type Router } from 'express';
import { authenticate, principalOf, requireRole } from '../api/auth/middleware.js';
import type { ApiDeps } from '../api/registry.js';
import { parsePart } from '../api/validate.js';
import { CONTENT_TYPES, fileName, writeReportFile, type FileFormat } from './files.js';
import { REPORT_KINDS } from './kinds.js';
import { reportFilter } from './scope.js';

const isFileFormat = (f: unknown): f is FileFormat => f === 'csv' || f === 'xlsx';

/**
 * The CSV and XLSX downloads of `/api/v1/reports/*`. The route registry answers JSON only, so
 * this router, mounted at /api/v1 before the API router, takes the requests whose `format` is
 * csv or xlsx and passes every other one on. It checks the same token, roles and query schema,
 * and builds the same report, as the JSON route.
 */
export function reportFilesRouter(deps: ApiDeps): Router {
  const router = express.Router();
  const auth = authenticate(deps.db, deps.clock);
  for (const kind of REPORT_KINDS) {
    router.get(
      `/reports/${kind.name}`,
      (req, _res, next) => next(isFileFormat(req.query.format) ? undefined : 'route'),
      auth,
      requireRole(kind.roles),
      async (req, res) => {
        const query = parsePart(kind.query, { ...req.query }, 'query') as { format: FileFormat; department?: string };
        const out = await kind.build(deps.db, query, await reportFilter(deps.db, principalOf(res), query.department));
        const name = fileName(out, query.format);
        res.status(200);
        res.setHeader('content-type', CONTENT_TYPES[query.format]);
        res.setHeader('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        res.setHeader('cache-control', 'no-store');
        await writeReportFile(out, query.format, res);
      },
    );
  }
  return router;
}
