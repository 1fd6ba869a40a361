import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'frozen' | 'stopped';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held back while frozen, per direction, flushed in order on resume. */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

/**
 * A loopback TCP proxy in front of MariaDB that can take the database away on command:
 * `frozen` keeps every connection open but moves no bytes (a hung server or a partition; the
 * worst case for a client, which sees no error), `stopped` resets every connection and every new
 * one (a crashed server). `forward` resumes; held bytes are delivered, so frozen sessions continue.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  mode: ProxyMode = 'forward';

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  get connections(): number {
    return this.pairs.size;
  }

  private accept(client: Socket): void {
    if (this.mode === 'stopped') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: Pair = { client, upstream, toUpstream: [], toClient: [] };
    this.pairs.add(pair);
    client.on('data', (chunk) => (this.mode === 'forward' ? upstream.write(chunk) : pair.toUpstream.push(chunk)));
    upstream.on('data', (chunk) => (this.mode === 'forward' ? client.write(chunk) : pair.toClient.push(chunk)));
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  freeze(): void {
    this.mode = 'frozen';
  }

  /** Resets every open connection and refuses new ones until `resume`. */
  stop(): void {
    this.mode = 'stopped';
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
  }

  resume(): void {
    this.mode = 'forward';
    for (const p of this.pairs) {
      for (const b of p.toUpstream.splice(0)) p.upstream.write(b);
      for (const b of p.toClient.splice(0)) p.client.write(b);
    }
  }

  async close(): Promise<void> {
    this.stop();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
