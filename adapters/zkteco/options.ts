import { DateTime } from 'luxon';

/**
 * The handshake (`GET /iclock/cdata?SN=…&options=all`) answer: `text/plain` `Key=value` lines.
 * The stamps tell the device where to resume: it sends only records newer than them, so the
 * server hands out the stamps it has committed and a lost upload is sent again.
 */
export interface HandshakeOptions {
  sn: string;
  attlogStamp: number;
  operlogStamp: number;
  /** The device's IANA zone; the option carries its current UTC offset in hours. */
  timezone: string;
  now: number;
  /** Seconds the device waits before resending after a failed upload. */
  errorDelay?: number;
  /** Seconds between command polls. */
  delay?: number;
}

export function handshakeText(o: HandshakeOptions): string {
  const offsetHours = DateTime.fromMillis(o.now, { zone: o.timezone }).offset / 60;
  return [
    `GET OPTION FROM: ${o.sn}`,
    `ATTLOGStamp=${o.attlogStamp}`,
    `OPERLOGStamp=${o.operlogStamp}`,
    'ATTPHOTOStamp=None',
    `ErrorDelay=${o.errorDelay ?? 30}`,
    `Delay=${o.delay ?? 10}`,
    'TransTimes=00:00;14:05',
    'TransInterval=1',
    'TransFlag=TransData AttLog OpLog',
    `TimeZone=${offsetHours}`,
    'Realtime=1',
    'Encrypt=None',
  ].join('\n') + '\n';
}

/** Reads `Key=value` lines (the simulator reads the server's handshake answer with it). */
export function parseOptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

/** A stamp from a query or an option; firmware sends `None` or nothing before its first upload. */
export function parseStamp(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}
