import { $, h } from './dom.js';
import { t } from './i18n.js';

/**
 * Rows: employees; columns: the month's days; each cell the shift the service resolved for the
 * day (the same resolution recompute judges the day by), a dot for rest, ⇄ for a swapped day.
 */
export function renderRoster(rosters) {
  const days = rosters[0]?.days.map((d) => d.date) ?? [];
  const head = h('tr', {}, h('th', { class: 'name' }, t('employee')), days.map((d) => h('th', {}, String(Number(d.slice(8))))));
  const rows = [...rosters].sort((a, b) => a.employeeName.localeCompare(b.employeeName)).map((r) =>
    h('tr', {}, h('th', { class: 'name', scope: 'row' }, r.employeeName), r.days.map((d) => {
      const name = d.shiftName ?? d.shiftId;
      const label = `${r.employeeName} ${d.date}: ${name ?? t('restDay')}${d.swapped ? ` (${t('swapped')})` : ''}`;
      return h('td', { class: `shift${name === null ? ' off' : ''}${d.swapped ? ' swapped' : ''}`, title: label, 'aria-label': label, dataset: { employee: r.employeeId, date: d.date } }, name === null ? '·' : `${d.swapped ? '⇄ ' : ''}${name}`);
    })));
  $('roster').replaceChildren(h('thead', {}, head), h('tbody', {}, rows.length === 0 ? h('tr', {}, h('td', { colspan: days.length + 1 }, t('none'))) : rows));
}

/** The grid and the roster share one place on the page; a tab shows one of them. */
export function wireTabs() {
  const tabs = { 'tab-grid': 'grid-section', 'tab-roster': 'roster-section' };
  const show = (active) => {
    for (const [tab, section] of Object.entries(tabs)) {
      $(tab).setAttribute('aria-selected', String(tab === active));
      $(section).hidden = tab !== active;
    }
  };
  for (const tab of Object.keys(tabs)) $(tab).onclick = () => show(tab);
  show('tab-grid');
}
