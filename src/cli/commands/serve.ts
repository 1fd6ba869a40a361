import type { Command } from 'commander';
import { createRuntime, prepareDatabase, startWeb, startWorker } from '../../main.js';

/** Resolves on SIGINT/SIGTERM, after `close` finished. */
export function untilSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      void close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The three process roles of the Procfile: web, worker, and both at once (embedded default). */
export function registerServeCommands(program: Command): void {
  const port = (opts: { port?: string }, fallback: number) => (opts.port === undefined ? fallback : Number(opts.port));
  program
    .command('serve')
    .description('web role: callbacks, API, health and metrics')
    .option('-p, --port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const rt = createRuntime();
      await prepareDatabase(rt);
      const server = await startWeb(rt, port(opts, rt.config.port));
      rt.logger.info({ address: server.address() }, 'web role listening');
      await untilSignal(async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await rt.close();
      });
    });
  program
    .command('worker')
    .description('worker role: scheduled pulls, inbox drain, recompute, outbox flush (under leases)')
    .action(async () => {
      const rt = createRuntime();
      await prepareDatabase(rt);
      const scheduler = startWorker(rt);
      rt.logger.info({ worker: rt.worker, tenants: rt.connectors.all().length }, 'worker role running');
      await untilSignal(async () => {
        await scheduler.stop();
        await rt.close();
      });
    });
  program
    .command('all')
    .description('web and worker in one process (the embedded default)')
    .option('-p, --port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const rt = createRuntime();
      await prepareDatabase(rt);
      const server = await startWeb(rt, port(opts, rt.config.port));
      const scheduler = startWorker(rt);
      rt.logger.info({ address: server.address(), worker: rt.worker }, 'web and worker running');
      await untilSignal(async () => {
        await scheduler.stop();
        await new Promise<void>((r) => server.close(() => r()));
        await rt.close();
      });
    });
}
