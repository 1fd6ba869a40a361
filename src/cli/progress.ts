import cliProgress from 'cli-progress';

/** One progress bar per tenant on stderr while streams pull. */
export class PullProgress {
  private readonly multi: cliProgress.MultiBar;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor() {
    this.multi = new cliProgress.MultiBar(
      { format: ' {tenant} |{bar}| {value}/{total} streams | {stream} {pages} page(s)', hideCursor: true, clearOnComplete: false, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
  }

  start(tenant: string, streams: number): void {
    this.bars.set(tenant, this.multi.create(streams, 0, { tenant: tenant.padEnd(14), stream: '', pages: 0 }));
  }

  page(tenant: string, stream: string, pages: number): void {
    this.bars.get(tenant)?.increment(0, { stream, pages });
  }

  streamDone(tenant: string): void {
    this.bars.get(tenant)?.increment();
  }

  stop(): void {
    this.multi.stop();
  }
}
