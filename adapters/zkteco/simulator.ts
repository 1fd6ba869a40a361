import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../../src/clock.js';
import { formatAttlog, type AttRecord } from './attlog.js';
import { formatCommandResult, parseCommands, parseDataQuery, type DeviceCommand } from './commands.js';
import { generateLog, userName, type LoggedRecord } from './firmware.js';
import { formatUsers } from './operlog.js';
import { parseOptions, parseStamp } from './options.js';

/**
 * A terminal speaking ZKTeco PUSH the way firmware does: handshake for the server's stamps,
 * batch pushes of the backlog, realtime pushes (one record each) of the last day, and on any
 * answer but `OK` — a 5xx, a refused connection — a pause of ErrorDelay, a new handshake and a
 * resend from the stamp the server has committed. Between pushes and at the end it polls for
 * commands and executes `DATA QUERY ATTLOG` by uploading that range again.
 */
export interface DeviceSimulatorOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:3000` (the routes are under `/iclock`). */
  server: string;
  sn: string;
  pins: readonly string[];
  /** Days of punches, ending yesterday on the device clock. */
  days: number;
  seed?: number;
  /** Records per batch push (default 50). */
  batchSize?: number;
  /** Push the last day's records one at a time, polling for commands between them (default false). */
  realtime?: boolean;
  signal?: AbortSignal;
  /** Overrides the server's ErrorDelay between a failed answer and the resend (tests: a few ms). */
  errorDelayMs?: number;
  /** Pause between command polls while idle (default: the server's Delay). */
  pollDelayMs?: number;
  /** Empty command polls in a row that end the run (default 1). */
  idlePolls?: number;
  /** The device clock's zone (default Asia/Shanghai). */
  timezone?: string;
  /** Also upload the user list (OPERLOG USER records) when the server has none (default true). */
  users?: boolean;
  clock?: Clock;
  /** Per-request timeout (default 15 s). */
  requestTimeoutMs?: number;
}

export interface DeviceSimulatorResult {
  generated: AttRecord[];
  /** Records in uploads the server answered OK, re-uploads for DATA QUERY included. */
  uploaded: number;
  /** Uploads and handshakes that failed and were tried again. */
  resends: number;
  /** Commands executed. */
  commands: number;
}

class Failed extends Error {}

export async function runDeviceSimulator(o: DeviceSimulatorOptions): Promise<DeviceSimulatorResult> {
  const clock = o.clock ?? systemClock;
  const log = generateLog({ pins: o.pins, days: o.days, seed: o.seed ?? 1, timezone: o.timezone ?? 'Asia/Shanghai', now: clock.now() });
  const lastDay = log.length === 0 ? '' : (log[log.length - 1] as LoggedRecord).time.slice(0, 10);
  const batchSize = o.batchSize ?? 50;
  const result: DeviceSimulatorResult = { generated: log.map(({ stamp: _s, ...r }) => r), uploaded: 0, resends: 0, commands: 0 };
  let errorDelayMs = o.errorDelayMs ?? 30_000;
  let pollDelayMs = o.pollDelayMs ?? 10_000;
  const base = o.server.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', path: string, body?: string): Promise<string> {
    const signals = [AbortSignal.timeout(o.requestTimeoutMs ?? 15_000), ...(o.signal ? [o.signal] : [])];
    let res: Response;
    try {
      const init: RequestInit = { method, signal: AbortSignal.any(signals), headers: { 'content-type': 'text/plain;charset=utf-8' } };
      res = await fetch(`${base}/iclock/${path}`, body === undefined ? init : { ...init, body });
    } catch (err) {
      o.signal?.throwIfAborted();
      throw new Failed(`request failed: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (res.status !== 200) throw new Failed(`HTTP ${res.status}`);
    return text;
  }
  const sn = encodeURIComponent(o.sn);
  const isOk = (answer: string) => /^OK\b/.test(answer.trim());

  async function handshake(): Promise<{ attlog: number; operlog: number }> {
    const opts = parseOptions(await call('GET', `cdata?SN=${sn}&options=all&pushver=2.4.1&language=83`));
    if (o.errorDelayMs === undefined) errorDelayMs = Number(opts.get('ErrorDelay') ?? 30) * 1000;
    if (o.pollDelayMs === undefined) pollDelayMs = Number(opts.get('Delay') ?? 10) * 1000;
    return { attlog: parseStamp(opts.get('ATTLOGStamp')) ?? 0, operlog: parseStamp(opts.get('OPERLOGStamp')) ?? 0 };
  }

  async function push(records: readonly LoggedRecord[]): Promise<void> {
    const stamp = (records[records.length - 1] as LoggedRecord).stamp;
    const answer = await call('POST', `cdata?SN=${sn}&table=ATTLOG&Stamp=${stamp}`, formatAttlog(records));
    if (!isOk(answer)) throw new Failed(`answer "${answer.slice(0, 40)}"`);
    result.uploaded += records.length;
  }

  /** Commands received but not yet reported done: executed again after a failure, as firmware does. */
  const unfinished = new Map<number, DeviceCommand>();

  /** Executes one command; the only one a time-attendance server sends here is DATA QUERY ATTLOG. */
  async function execute(cmd: DeviceCommand): Promise<void> {
    unfinished.set(cmd.id, cmd);
    const range = parseDataQuery(cmd.command);
    if (range !== null) {
      const wanted = log.filter((r) => r.time >= range.start && r.time <= range.end);
      for (let i = 0; i < wanted.length; i += batchSize) await push(wanted.slice(i, i + batchSize));
    }
    await call('POST', `devicecmd?SN=${sn}`, formatCommandResult({ id: cmd.id, returnCode: range === null ? -1 : 0, cmd: range === null ? 'UNKNOWN' : 'DATA' }));
    unfinished.delete(cmd.id);
    result.commands += 1;
  }

  /** Polls once; true when the server had nothing for the device. */
  async function poll(): Promise<boolean> {
    const commands = parseCommands(await call('GET', `getrequest?SN=${sn}`));
    for (const c of commands) await execute(c);
    return commands.length === 0;
  }

  /** One session from a handshake: everything newer than the server's stamp, then polls until idle. */
  async function session(): Promise<void> {
    const stamps = await handshake();
    if (o.users !== false && stamps.operlog === 0 && o.pins.length > 0) {
      const answer = await call('POST', `cdata?SN=${sn}&table=OPERLOG&OpStamp=1`, formatUsers(o.pins.map((pin, i) => ({ pin, name: userName(pin, i) }))));
      if (!isOk(answer)) throw new Failed('user upload refused');
    }
    const pending = log.filter((r) => r.stamp > stamps.attlog);
    const backlog = o.realtime === true ? pending.filter((r) => r.time.slice(0, 10) !== lastDay) : pending;
    for (let i = 0; i < backlog.length; i += batchSize) await push(backlog.slice(i, i + batchSize));
    for (const r of pending.slice(backlog.length)) {
      await push([r]);
      await poll();
    }
    for (const c of [...unfinished.values()]) await execute(c);
    for (let idle = 0; idle < (o.idlePolls ?? 1); ) {
      if (await poll()) idle += 1;
      else idle = 0;
      if (idle < (o.idlePolls ?? 1)) await sleep(pollDelayMs, undefined, o.signal ? { signal: o.signal } : {});
    }
  }

  for (;;) {
    try {
      await session();
      return result;
    } catch (err) {
      if (!(err instanceof Failed)) throw err;
      result.resends += 1;
      await sleep(errorDelayMs, undefined, o.signal ? { signal: o.signal } : {});
    }
  }
}
