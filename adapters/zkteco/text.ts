import iconv from 'iconv-lite';

/**
 * Bodies as firmware sends them: usually UTF-8, but older and OEM firmware writes names in the
 * device's code page (GBK on Chinese units), sometimes behind a UTF-8 byte order mark.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body: UTF-8 when it is valid UTF-8, otherwise GB18030 (a superset of GBK and GB2312). */
export function decodeBody(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes), 'gb18030');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Line {
  /** 1-based, counting blank lines, so a reported number points at the line the device sent. */
  n: number;
  text: string;
}

/** Non-blank lines of a body; CRLF, CR and LF all end a line. */
export function bodyLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (raw.trim() !== '') out.push({ n: i + 1, text: raw });
  });
  return out;
}

/** A problem with one line of a body; never carries the line's content (names, PINs). */
export interface LineError {
  line: number;
  reason: string;
}

export interface Parsed<T> {
  records: T[];
  errors: LineError[];
}
