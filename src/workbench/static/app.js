/* global document, location */
import { ApiError, all, api, setToken, token } from './api.js';
import { $, h, table } from './dom.js';
import { legend, renderGrid } from './grid.js';
import { language, setLanguage, t } from './i18n.js';
import { loadDevices, wireDevicesTab } from './devices.js';
import { renderRoster, wireTabs } from './roster.js';

/** Which roles see which period button; whether it is enabled comes from the period's `actions`. */
const BUTTON_ROLES = {
  'btn-confirm': ['employee', 'manager', 'hr', 'admin'],
  'btn-dispute': ['employee', 'manager', 'hr', 'admin'],
  'btn-sign-off': ['manager'],
  'btn-lock': ['hr'],
  'btn-unlock': ['admin'],
};
const BUTTON_ACTION = { 'btn-confirm': 'confirm', 'btn-dispute': 'confirm', 'btn-sign-off': 'signOff', 'btn-lock': 'lock', 'btn-unlock': 'unlock' };

let me = null;
let period = null;
let departments = [];

function say(text, kind = 'error') {
  const m = $('message');
  m.textContent = text;
  m.className = kind;
  m.hidden = text === '';
}

const errorText = (err) => (err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));

function month() {
  return $('month').value;
}

function monthEnd(m) {
  const [y, mm] = m.split('-').map(Number);
  return `${m}-${String(new Date(Date.UTC(y, mm, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The department filter as a query fragment; employees see only themselves and send none. */
function departmentQuery() {
  const d = $('department').value;
  return d === '' ? '' : `&department=${encodeURIComponent(d)}`;
}

function fillDepartments(tree) {
  departments = tree;
  const chosen = $('department').value;
  const options = me.scope.organisation ? [h('option', { value: '' }, t('allDepartments'))] : [];
  const walk = (nodes, depth) => {
    for (const n of nodes) {
      options.push(h('option', { value: n.id }, `${'\u00a0\u00a0'.repeat(depth)}${n.name}`));
      walk(n.children, depth + 1);
    }
  };
  walk(tree, 0);
  $('department').replaceChildren(...options);
  if (options.some((o) => o.value === chosen)) $('department').value = chosen;
  $('department-label').hidden = me.role === 'employee';
}

function renderPeriod(p) {
  period = p;
  const state = $('period-state');
  state.textContent = t(`state.${p.state}`);
  state.dataset.state = p.state;
  state.className = `state st-${p.state}`;
  $('period-locked').textContent = p.lockedBy === null ? '' : t('lockedBy', { by: p.lockedBy, at: p.lockedAt });
  $('period-counts').textContent = t('counts', p.counts);
  const awaiting = p.awaitingSignOff.map((d) => `${d.departmentName ?? d.departmentId ?? '—'} (${d.people})`);
  $('period-awaiting').textContent = awaiting.length === 0 ? (p.counts.people > 0 ? t('allSignedOff') : '') : t('awaiting', { list: awaiting.join(', ') });
  for (const [id, roles] of Object.entries(BUTTON_ROLES)) {
    const button = $(id);
    const ownMonth = id === 'btn-confirm' || id === 'btn-dispute';
    button.hidden = !roles.includes(me.role) || (ownMonth && me.employee === null);
    button.disabled = !p.actions[BUTTON_ACTION[id]];
  }
}

async function load() {
  const m = month();
  if (!m) return;
  location.hash = m;
  say('');
  const range = `from=${m}-01&to=${monthEnd(m)}`;
  const dq = me.role === 'employee' ? '' : departmentQuery();
  try {
    const [p, days, exceptions, requests, rosters] = await Promise.all([
      api(`/periods/${m}`),
      all(`/day-results?${range}${dq}`, 'dayResults'),
      all(`/exceptions?${range}${dq}`, 'exceptions'),
      all(`/requests?${range}${dq}`, 'requests'),
      all(`/rosters?month=${m}${dq}`, 'rosters', 500),
    ]);
    renderPeriod(p);
    renderGrid(m, days);
    renderRoster(rosters);
    const names = new Map(days.map((d) => [d.employeeId, d.employeeName]));
    table($('exceptions'), [t('date'), t('employee'), t('status'), t('reasons')], exceptions.map((e) => [e.date, e.employeeName, t(`status.${e.status}`), e.reasons.join('; ')]), t('none'));
    await loadDevices(me.role, say);
    table($('requests'), [t('employee'), t('type'), t('from'), t('to'), t('approval')], requests.map((r) => [names.get(r.employeeId) ?? r.employeeId, t(`type.${r.type}`), r.startAt.slice(0, 16).replace('T', ' '), r.endAt.slice(0, 16).replace('T', ' '), h('span', { class: `req r-${r.status}` }, t(`req.${r.status}`))]), t('none'));
  } catch (err) {
    say(errorText(err));
  }
}

/** Runs one period transition and shows the month as the service now reports it. */
async function act(path, body) {
  try {
    const p = await api(`/periods/${month()}/${path}`, { method: 'POST', body });
    renderPeriod(p);
    $('period-text').value = '';
    say(t('done'), 'ok');
  } catch (err) {
    say(errorText(err));
  }
}

function text() {
  const v = $('period-text').value.trim();
  return v === '' ? undefined : v;
}

function wireActions() {
  $('btn-confirm').onclick = () => act('confirm', { decision: 'confirm', comment: text() });
  $('btn-dispute').onclick = () => act('confirm', { decision: 'dispute', comment: text() });
  $('btn-sign-off').onclick = () => act('sign-off', { comment: text() });
  $('btn-lock').onclick = () => {
    const force = period?.actions.lockNeedsForce === true;
    if (force && text() === undefined) return say(t('reasonRequired'));
    return act('lock', force ? { force, reason: text() } : { reason: text() });
  };
  $('btn-unlock').onclick = () => (text() === undefined ? say(t('reasonRequired')) : act('unlock', { reason: text() }));
}

async function signIn() {
  try {
    me = await api('/me');
  } catch (err) {
    setToken(null);
    me = null;
    showSignIn();
    say(err instanceof ApiError && err.status === 401 ? t('badToken') : errorText(err));
    return;
  }
  $('sign-in').hidden = true;
  $('workbench').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = `${me.employee?.name ?? me.name} · ${t(`role.${me.role}`)}`;
  fillDepartments((await api('/departments')).departments);
  await load();
}

function showSignIn() {
  $('sign-in').hidden = false;
  $('workbench').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
}

function start() {
  const applyLanguage = (l) => {
    setLanguage(l);
    $('lang').textContent = t('language');
    legend();
    $('day-detail').hidden = true;
    if (me !== null) {
      fillDepartments(departments);
      void load();
    }
  };
  $('lang').onclick = () => applyLanguage(language() === 'zh' ? 'en' : 'zh');
  applyLanguage(language());
  const now = new Date();
  $('month').value = /^#\d{4}-\d{2}$/.test(location.hash) ? location.hash.slice(1) : `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  $('month').onchange = load;
  $('department').onchange = load;
  $('reload').onclick = load;
  $('sign-in-button').onclick = () => {
    setToken($('token').value.trim());
    $('token').value = '';
    void signIn();
  };
  $('sign-out').onclick = () => {
    setToken(null);
    me = null;
    showSignIn();
  };
  wireActions();
  wireTabs();
  wireDevicesTab();
  if (token()) void signIn();
  else showSignIn();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
