/* global document, Node */
/** Builds an element; children are nodes or text (always text, never markup, so data cannot inject HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const $ = (id) => document.getElementById(id);

/** A table from a header row and body rows (arrays of cells). */
export function table(el, headers, rows, empty) {
  el.replaceChildren(h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.length === 0 ? h('tr', {}, h('td', { colspan: headers.length }, empty)) : rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}
