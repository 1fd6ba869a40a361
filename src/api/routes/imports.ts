import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError, ValidationError } from '../../errors.js';
import { importFile, importKinds, type ImportOptions } from '../../import/index.js';
import { actorOf } from '../audit.js';
import { authenticate, principalOf, requireRole } from '../auth/middleware.js';
import { HR_ONLY } from '../auth/roles.js';
import type { ApiDeps } from '../registry.js';
import { parsePart } from '../validate.js';

/**
 * `POST /api/v1/imports/:kind`: the CLI's `import` for HR with an uploaded file. The route
 * registry parses JSON bodies only, so this router, mounted at /api/v1 before the API router,
 * reads the raw file itself; it checks the same tokens and roles as the registry's routes.
 */

/** A 100,000-row punch file is a few MB as XLSX or CSV; anything far beyond is refused unread. */
export const UPLOAD_LIMIT = '32mb';

const CONTENT_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

const uploadQuery = z.strictObject({
  filename: z.string().min(1).max(200).describe('the uploaded file’s name; its extension (.xlsx or .csv) tells the format'),
  dryRun: flag,
  skipUnknown: flag,
  timezone: z.string().min(1).max(64).optional().describe('zone of the local times in the file (default TZ_DEFAULT)'),
  encoding: z.enum(['utf8', 'gb18030']).optional().describe('CSV only'),
});

const uploadParams = z.strictObject({ kind: z.enum(importKinds) });

function formatOf(filename: string): NonNullable<ImportOptions['format']> {
  const ext = extname(filename).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  throw new ValidationError(`query.filename: "${filename}" must end in .xlsx or .csv`, [{ path: 'query.filename', message: 'must end in .xlsx or .csv' }]);
}

/** The name the import records as its source: the uploaded name without any path or odd characters. */
const safeName = (filename: string): string => basename(filename.replaceAll('\\', '/')).replace(/[^\p{L}\p{N}._-]/gu, '_');

export function importUploadRouter(deps: ApiDeps, opts: { limit?: string } = {}): Router {
  const router = express.Router();
  const raw = express.raw({ type: CONTENT_TYPES, limit: opts.limit ?? UPLOAD_LIMIT });
  router.post('/imports/:kind', authenticate(deps.db, deps.clock), requireRole(HR_ONLY), raw, async (req, res) => {
    const params = parsePart(uploadParams, { ...req.params }, 'params') as z.output<typeof uploadParams>;
    const query = parsePart(uploadQuery, { ...req.query }, 'query') as z.output<typeof uploadQuery>;
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) throw new AppError('unsupported_media_type', `Send the file as ${CONTENT_TYPES.join(' or ')}.`);
    if (body.length === 0) throw new ValidationError('body: the file is empty', [{ path: 'body', message: 'the file is empty' }]);
    const format = formatOf(query.filename);
    const dir = await mkdtemp(join(tmpdir(), 'ab-upload-'));
    try {
      const path = join(dir, safeName(query.filename));
      await writeFile(path, body);
      const report = await importFile(deps.db, params.kind, path, {
        timezone: query.timezone ?? deps.config.timezone,
        clock: deps.clock,
        policy: deps.config.policy,
        dryRun: query.dryRun,
        skipUnknown: query.skipUnknown,
        format,
        // The worker's recompute job drains the dirty days: a large file must not hold the request open.
        recompute: false,
        actor: actorOf(principalOf(res)),
        ...(query.encoding ? { encoding: query.encoding } : {}),
      });
      res.status(report.ok ? 200 : 422).json(report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return router;
}
