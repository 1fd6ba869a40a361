import { z } from 'zod';
import type { ApiRoute } from './registry.js';
import { errorBody } from './schemas.js';

type Json = Record<string, unknown>;

const REF = '#/components/schemas/';
/** zod puts schemas shared by several registered ones under `__shared.$defs`; OpenAPI wants them as components. */
const SHARED = `${REF}__shared#/$defs/`;

const pascal = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1);

/** Rewrites shared-definition references to plain component references, everywhere in a schema. */
function liftRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(liftRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === '$id') continue;
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(SHARED) ? `${REF}${v.slice(SHARED.length)}` : liftRefs(v);
  }
  return out;
}

/** Converts one registry into component schemas, merged into `into`. */
function components(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output', into: Json): void {
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `${REF}${id}` });
  for (const [name, schema] of Object.entries(schemas)) {
    const entries: [string, unknown][] = name === '__shared' ? Object.entries((schema as { $defs?: Json }).$defs ?? {}) : [[name, schema]];
    for (const [id, s] of entries) {
      const lifted = liftRefs(s);
      if (id in into && JSON.stringify(into[id]) !== JSON.stringify(lifted)) throw new Error(`OpenAPI component ${id} is defined twice, differently`);
      into[id] = lifted;
    }
  }
}

/** One parameter per property of an object schema (query strings and path parameters). */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (schema === undefined) return [];
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: rest, ...(description === undefined ? {} : { description }) };
  });
}

/** The OpenAPI 3.1 document of `routes`, from the same zod schemas the router validates with. */
export function buildOpenApi(routes: readonly ApiRoute[], info: { title: string; version: string }): Json {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  outputs.add(errorBody, { id: 'Error' });
  const responseIds = new Map<z.ZodType, string>();
  for (const r of routes) {
    if (r.body !== undefined) inputs.add(r.body, { id: `${pascal(r.id)}Body` });
    if (!responseIds.has(r.response)) {
      // A response that is itself a named schema (Request) keeps its name.
      const id = z.globalRegistry.get(r.response)?.id ?? `${pascal(r.id)}Response`;
      responseIds.set(r.response, id);
      outputs.add(r.response, { id });
    }
  }
  const schemas: Json = {};
  components(outputs, 'output', schemas);
  components(inputs, 'input', schemas);
  const error = { description: 'Error', content: { 'application/json': { schema: { $ref: `${REF}Error` } } } };
  const paths: Record<string, Json> = {
    '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', security: [], responses: { 200: { description: 'The OpenAPI document' } } } },
  };
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Json = {
      operationId: r.id,
      summary: r.summary,
      'x-roles': [...r.roles],
      description: `Roles: ${r.roles.join(', ')}.`,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status)]: { description: 'OK', content: { 'application/json': { schema: { $ref: `${REF}${responseIds.get(r.response) as string}` } } } },
        400: error,
        401: error,
        403: error,
        default: error,
      },
    };
    if (r.body !== undefined) {
      op.requestBody = { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: { $ref: `${REF}${pascal(r.id)}Body` } } } };
    }
    paths[path] = { ...paths[path], [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from `token create`' } } },
  };
}
