/**
 * Server → device commands. The device polls `GET /iclock/getrequest` and gets `OK` or lines
 * `C:<id>:<command>`; it reports each result on `POST /iclock/devicecmd` as `ID=<id>&Return=<code>&CMD=<name>`.
 */

export interface DeviceCommand {
  id: number;
  command: string;
}

export interface CommandResult {
  id: number;
  /** 0 or more: done; negative: the device failed it. */
  returnCode: number;
  cmd: string;
}

export interface TimeRange {
  /** Device wall times `YYYY-MM-DD HH:MM:SS`, both inclusive. */
  start: string;
  end: string;
}

/** Makes the device upload its ATTLOG records of a range again (a gap refetch). */
export function dataQueryAttlog(range: TimeRange): string {
  return `DATA QUERY ATTLOG StartTime=${range.start}\tEndTime=${range.end}`;
}

export function parseDataQuery(command: string): TimeRange | null {
  const m = /^DATA QUERY ATTLOG StartTime=(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\tEndTime=(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})$/.exec(command.trim());
  return m === null ? null : { start: m[1] as string, end: m[2] as string };
}

export function formatCommands(commands: readonly DeviceCommand[]): string {
  return commands.length === 0 ? 'OK' : commands.map((c) => `C:${c.id}:${c.command}`).join('\n') + '\n';
}

export function parseCommands(text: string): DeviceCommand[] {
  const out: DeviceCommand[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^C:(\d+):(.+)$/.exec(line);
    if (m !== null) out.push({ id: Number(m[1]), command: m[2] as string });
  }
  return out;
}

/** Result lines, one per command; lines without a numeric ID and Return are skipped. */
export function parseCommandResults(text: string): CommandResult[] {
  const out: CommandResult[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const q = new URLSearchParams(line.trim());
    const id = q.get('ID') ?? '';
    const ret = q.get('Return') ?? '';
    if (/^\d{1,15}$/.test(id) && /^-?\d{1,9}$/.test(ret)) out.push({ id: Number(id), returnCode: Number(ret), cmd: (q.get('CMD') ?? '').slice(0, 64) });
  }
  return out;
}

export function formatCommandResult(r: CommandResult): string {
  return `ID=${r.id}&Return=${r.returnCode}&CMD=${r.cmd}`;
}
