import type { z } from 'zod';
import { ValidationError, issuesFromZod } from '../errors.js';

/** Parses one part of a request; a failure is 400 VALIDATION_FAILED with every issue, prefixed by the part. */
export function parsePart(schema: z.ZodType | undefined, value: unknown, part: 'query' | 'params' | 'body'): unknown {
  if (schema === undefined) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesFromZod(r.error.issues).map((i) => ({ path: i.path === '(root)' ? part : `${part}.${i.path}`, message: i.message }));
  const first = issues[0];
  throw new ValidationError(first === undefined ? `invalid ${part}` : `${first.path}: ${first.message}`, issues);
}
