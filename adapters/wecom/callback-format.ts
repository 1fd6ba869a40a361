import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The two callback wire formats (XML, and the JSON variant of WXBizJsonMsgCrypt). Every scalar is
 * kept as a string: MsgId exceeds 2^53 (§7.8) and XML carries no types anyway, so both formats
 * yield the same plain object.
 */

export type Fields = { [key: string]: FieldValue };
export type FieldValue = string | boolean | null | Fields | FieldValue[];

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });
const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false });

export function isJsonText(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** Parses `<xml>…</xml>` into its children; null when it is not a single xml root. */
export function parseXmlFields(text: string): Fields | null {
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== 'object') return null;
  const root = (doc as Record<string, unknown>)['xml'];
  if (root === '') return {};
  return root !== null && typeof root === 'object' && !Array.isArray(root) ? (root as Fields) : null;
}

/** JSON.parse with every number literal turned into its source text (so big integers survive). */
export function parseJsonFields(text: string): Fields | null {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (!m) return null;
      out += `"${m[0]}"`;
      i += m[0].length;
    } else {
      out += ch;
      i++;
    }
  }
  try {
    const v: unknown = JSON.parse(out);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : null;
  } catch {
    return null;
  }
}

export function parseFields(text: string): Fields | null {
  return isJsonText(text) ? parseJsonFields(text) : parseXmlFields(text);
}

type Scalar = string | number | boolean;
export type EncodableValue = Scalar | null | undefined | EncodableFields | EncodableValue[];
export type EncodableFields = { [key: string]: EncodableValue };

/** Strings become CDATA, numbers stay bare, arrays become repeated elements (WeCom's XML style). */
function toBuilderShape(v: EncodableValue): unknown {
  if (Array.isArray(v)) return v.map(toBuilderShape);
  if (typeof v === 'string') return { __cdata: v };
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toBuilderShape(x)]));
  return String(v);
}

export function buildXml(fields: EncodableFields): string {
  return String(builder.build({ xml: toBuilderShape(fields) }));
}
