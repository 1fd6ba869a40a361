import { $, h, table } from './dom.js';
import { t } from './i18n.js';

/** Status → the one-character mark a cell shows besides its colour (colour alone is not enough to read). */
export const STATUSES = { normal: '✓', exception: '!', absent: '✗', leave: 'L', trip: 'T', rest: '·' };

export function legend() {
  $('legend').replaceChildren(...Object.entries(STATUSES).map(([s, mark]) => h('li', {}, h('span', { class: `cell s-${s}` }, mark), ' ', t(`status.${s}`))));
}

function daysOf(month) {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** Rows: employees; columns: the month's days; each cell coloured by the day's status. */
export function renderGrid(month, dayResults) {
  const byEmployee = new Map();
  for (const r of dayResults) {
    const e = byEmployee.get(r.employeeId) ?? { name: r.employeeName, days: new Map() };
    e.days.set(r.date, r);
    byEmployee.set(r.employeeId, e);
  }
  const days = daysOf(month);
  const head = h('tr', {}, h('th', { class: 'name' }, t('employee')), days.map((d) => h('th', {}, String(Number(d.slice(8))))));
  const rows = [...byEmployee].sort((a, b) => a[1].name.localeCompare(b[1].name)).map(([id, e]) =>
    h('tr', {}, h('th', { class: 'name', scope: 'row' }, e.name), days.map((d) => {
      const r = e.days.get(d);
      const status = r?.status ?? 'none';
      const label = `${e.name} ${d}: ${r ? t(`status.${status}`) : t('noResult')}`;
      return h('td', {}, h('button', { type: 'button', class: `cell s-${status}`, title: label, 'aria-label': label, dataset: { employee: id, date: d, status }, onclick: () => showDay(e.name, r, d) }, r ? STATUSES[status] ?? '?' : ''));
    })));
  $('grid').replaceChildren(h('thead', {}, head), h('tbody', {}, rows.length === 0 ? h('tr', {}, h('td', { colspan: days.length + 1 }, t('none'))) : rows));
}

/** The clicked day: its checkpoints and the rules' reasons. */
function showDay(name, r, date) {
  const box = $('day-detail');
  box.hidden = false;
  const close = h('button', { type: 'button', onclick: () => { box.hidden = true; } }, t('close'));
  if (r === undefined) {
    box.replaceChildren(h('h3', {}, `${name} ${date}`), h('p', {}, t('noResult')), close);
    return;
  }
  const checkpoints = h('table', { class: 'list' });
  table(checkpoints, [t('checkpoint'), t('expected'), t('actual'), t('result'), t('minutes')], r.checkpoints.map((c) => [c.kind, c.expected.slice(11, 16), c.actual?.slice(11, 16) ?? '—', c.result, String(c.minutes)]), t('none'));
  box.replaceChildren(
    h('h3', {}, `${name} ${date} — `, h('span', { class: `cell s-${r.status}` }, STATUSES[r.status] ?? '?'), ' ', t(`status.${r.status}`)),
    checkpoints,
    h('h4', {}, t('reasons')),
    r.reasons.length === 0 ? h('p', {}, t('none')) : h('ul', { id: 'day-reasons' }, r.reasons.map((x) => h('li', {}, x))),
    close,
  );
}
