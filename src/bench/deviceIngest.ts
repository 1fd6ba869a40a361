import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { formatAttlog } from '../../adapters/zkteco/attlog.js';
import { generateLog } from '../../adapters/zkteco/firmware.js';
import { drainInbox } from '../callbacks/drain.js';
import { ManualClock } from '../clock.js';
import { createDeviceConnector, withDeviceConnector } from '../devices/connector.js';
import { addDevice } from '../devices/registry.js';
import { iclockRouter } from '../devices/router.js';
import { createLogger } from '../log.js';
import { createMetrics } from '../metrics.js';
import { createApp } from '../web/app.js';
import type { Db } from '../ledger/db.js';
import { freshDb } from './db.js';
import { round, timed, type Bench } from './harness.js';

const ZONE = 'Asia/Shanghai';
const LINES_PER_POST = 200;

async function listen(db: Db, clock: ManualClock): Promise<{ server: Server; url: string }> {
  const logger = createLogger('silent');
  const app = createApp({ db, logger, metrics: createMetrics(), routers: [{ path: '/iclock', router: iclockRouter({ db, clock, logger, bodyLimit: '1mb', defaultTimezone: ZONE }) }] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** One device's backlog pushed as firmware does: sequential batches, each answered after it is stored. */
async function pushDevice(url: string, sn: string, body: string[]): Promise<void> {
  for (const [i, chunk] of body.entries()) {
    const res = await fetch(`${url}/iclock/cdata?SN=${sn}&table=ATTLOG&Stamp=${i + 1}`, { method: 'POST', body: chunk, headers: { 'content-type': 'text/plain' } });
    const text = await res.text();
    if (!text.startsWith('OK')) throw new Error(`device-ingest: ${sn} got "${text.slice(0, 60)}"`);
  }
}

/**
 * `device-ingest`: ATTLOG records/s from several devices pushing concurrently over HTTP into the
 * inbox (stored before OK), then drained into ledger punches. The value is end to end; the two
 * stages are reported apart.
 */
export const deviceIngest: Bench = {
  name: 'device-ingest',
  async run(ctx) {
    const devices = 4;
    const pins = Array.from({ length: ctx.quick ? 100 : 250 }, (_v, i) => String(1000 + i));
    const days = ctx.quick ? 5 : 10;
    const clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
    const { db, drop } = await freshDb('sqlite', ctx.mysqlUrl, 'device_ingest');
    const { server, url } = await listen(db, clock);
    try {
      const rows = pins.map((p) => ({ id: `e_${p}`, name: `Worker ${p}`, job_number: p, status: 'active', created_at: clock.now() }));
      for (let i = 0; i < rows.length; i += 200) await db('employees').insert(rows.slice(i, i + 200));
      const bodies: { sn: string; chunks: string[] }[] = [];
      let records = 0;
      for (let d = 0; d < devices; d++) {
        const sn = `BENCH${d}`;
        await addDevice(db, sn, { timezone: ZONE }, clock.now());
        const log = generateLog({ pins, days, seed: d + 1, timezone: ZONE, now: clock.now() });
        records += log.length;
        const chunks: string[] = [];
        for (let i = 0; i < log.length; i += LINES_PER_POST) chunks.push(formatAttlog(log.slice(i, i + LINES_PER_POST)));
        bodies.push({ sn, chunks });
      }
      ctx.log(`device-ingest: ${records} ATTLOG records from ${devices} devices, ${LINES_PER_POST} a request`);
      const http = await timed(() => Promise.all(bodies.map((b) => pushDevice(url, b.sn, b.chunks))));
      const devicesConnector = createDeviceConnector({ db, clock, defaultTimezone: ZONE });
      const connector = withDeviceConnector(devicesConnector, () => undefined);
      const drain = await timed(async () => {
        let done = 0;
        for (;;) {
          const r = await drainInbox(db, { clock, logger: createLogger('silent'), connector, batchSize: 1000 });
          done += r.done;
          if (r.done + r.failed + r.parked === 0) return done;
        }
      });
      const punches = Number(((await db('punches').count({ n: '*' })) as { n: number }[])[0]?.n ?? 0);
      if (punches !== records) throw new Error(`device-ingest: ${records} records became ${punches} punches`);
      return [
        {
          bench: 'device-ingest',
          value: Math.round(records / (http.seconds + drain.seconds)),
          unit: 'records/s',
          baseline: null,
          ratio: null,
          records,
          http_records_per_s: Math.round(records / http.seconds),
          drain_records_per_s: Math.round(records / drain.seconds),
          seconds: round(http.seconds + drain.seconds, 2),
        },
      ];
    } finally {
      server.close();
      await drop();
    }
  },
};
