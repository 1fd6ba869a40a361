import type { Command } from 'commander';
import { createRuntime, prepareDatabase, startWeb } from '../../main.js';

/** Runs until SIGINT/SIGTERM, then closes the server and the database. */
function untilSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      void close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('web role: callbacks, API, health and metrics')
    .option('-p, --port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const rt = createRuntime();
      await prepareDatabase(rt);
      const server = await startWeb(rt, opts.port === undefined ? rt.config.port : Number(opts.port));
      const addr = server.address();
      rt.logger.info({ port: typeof addr === 'object' && addr ? addr.port : addr }, 'web role listening');
      await untilSignal(async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await rt.close();
      });
    });
}
