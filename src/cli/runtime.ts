import type { Runtime } from '../main.js';

/**
 * The configured runtime with a migrated (embedded) ledger and registered tenants, as every
 * command that reads or writes the ledger needs it. main.js is loaded on use: it pulls in every
 * adapter and the web stack, which commands such as `import template` or `rules eval` never need.
 */
export async function openRuntime(): Promise<Runtime> {
  const { createRuntime, prepareDatabase } = await import('../main.js');
  const rt = createRuntime();
  try {
    await prepareDatabase(rt);
  } catch (err) {
    await rt.close();
    throw err;
  }
  return rt;
}

/** Runs `fn` with an open runtime and closes it afterwards, whatever happens. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime();
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
