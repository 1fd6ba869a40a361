import { PIN_PATTERN } from './attlog.js';
import { bodyLines, type Parsed } from './text.js';

/**
 * OPERLOG bodies mix record types, one a line: `USER PIN=1001\tName=…\tPri=0…` (the device's
 * user list), `OPLOG <op>\t<admin>\t<time>…` (menu operations), and biometric templates
 * (`FP`, `FACE`, `BIOPHOTO`, …). The ledger needs only PIN ↔ name; the rest is acknowledged.
 */
export interface DeviceUser {
  pin: string;
  /** Null when the device sent no name (or an empty one). */
  name: string | null;
}

export interface ParsedOperlog extends Parsed<DeviceUser> {
  /** OPLOG lines, counted and acknowledged. */
  operations: number;
  /** Other record types (templates, photos), counted and acknowledged. */
  other: number;
}

/** `KEY=value` fields separated by tabs; the first field follows the record type and a space. */
function fields(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of rest.split('\t')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return out;
}

export function parseOperlog(text: string): ParsedOperlog {
  const out: ParsedOperlog = { records: [], errors: [], operations: 0, other: 0 };
  for (const line of bodyLines(text)) {
    const m = /^\s*([A-Za-z]+)\s(.*)$/s.exec(line.text);
    const type = m?.[1]?.toUpperCase();
    if (m === null || type === undefined) {
      out.errors.push({ line: line.n, reason: 'not a record: expected a record type and its fields' });
    } else if (type === 'USER') {
      const f = fields(m[2] ?? '');
      const pin = (f.get('PIN') ?? '').trim();
      if (!PIN_PATTERN.test(pin)) {
        out.errors.push({ line: line.n, reason: 'USER record without a valid PIN' });
        continue;
      }
      // Firmware pads fixed-width names with NULs or spaces.
      const name = (f.get('Name') ?? '').replace(/\0/g, '').trim().slice(0, 200);
      out.records.push({ pin, name: name === '' ? null : name });
    } else if (type === 'OPLOG') {
      out.operations += 1;
    } else {
      out.other += 1;
    }
  }
  return out;
}

/** USER lines as firmware writes them (the simulator's user upload). */
export function formatUsers(users: readonly DeviceUser[]): string {
  return users.map((u) => `USER PIN=${u.pin}\tName=${u.name ?? ''}\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\tVerify=0`).join('\n') + '\n';
}
