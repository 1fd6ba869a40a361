import { api } from './api.js';
import { $, h, table } from './dom.js';
import { t } from './i18n.js';

/**
 * The Devices tab (HR and admins): every attendance device with its trust state, last contact
 * (flagged when silent longer than expected), backlog and unmapped PINs; admins approve or
 * reject a device from here. The tab shares the grid's place on the page.
 */
const OTHER_TABS = { 'tab-grid': 'grid-section', 'tab-roster': 'roster-section' };

const when = (iso) => (iso === null ? t('never') : iso.slice(0, 16).replace('T', ' '));

export function renderDevices(devices, role, act) {
  const actions = (d) =>
    role !== 'admin'
      ? ''
      : h(
          'span',
          { class: 'device-actions' },
          d.state === 'approved' ? null : h('button', { type: 'button', dataset: { serial: d.serial, action: 'approve' }, onclick: () => act(d.serial, 'approve') }, t('approve')),
          d.state === 'rejected' ? null : h('button', { type: 'button', dataset: { serial: d.serial, action: 'reject' }, onclick: () => act(d.serial, 'reject') }, t('reject')),
        );
  const rows = devices.map((d) => [
    h('span', { dataset: { serial: d.serial } }, d.name === null ? d.serial : `${d.serial} · ${d.name}`),
    h('span', { class: `badge dev-${d.state}`, dataset: { state: d.state } }, t(`device.${d.state}`)),
    h('span', { class: d.silent ? 'silent' : '' }, when(d.lastContactAt), d.silent ? ` (${t('silent')})` : ''),
    String(d.backlog),
    d.unmappedPins.map((p) => (p.name === null ? p.pin : `${p.pin} (${p.name})`)).join(', ') || '—',
    d.tenantId ?? '—',
    actions(d),
  ]);
  table($('devices'), [t('device'), t('state'), t('lastContact'), t('backlog'), t('unmappedPins'), t('tenant'), ''], rows, t('none'));
}

/** Loads and shows the devices; only for roles the API lets read them. */
export async function loadDevices(role, say) {
  const allowed = role === 'hr' || role === 'admin';
  $('tab-devices').hidden = !allowed;
  if (!allowed) return;
  const act = async (serial, action) => {
    try {
      await api(`/devices/${encodeURIComponent(serial)}/${action}`, { method: 'POST' });
      say(t('done'), 'ok');
      await loadDevices(role, say);
    } catch (err) {
      say(`${err.code ?? ''}: ${err.message}`);
    }
  };
  renderDevices((await api('/devices')).devices, role, act);
}

/** Adds the Devices tab to the grid / roster tabs. */
export function wireDevicesTab() {
  const show = (on) => {
    $('tab-devices').setAttribute('aria-selected', String(on));
    $('devices-section').hidden = !on;
  };
  $('tab-devices').onclick = () => {
    for (const [tab, section] of Object.entries(OTHER_TABS)) {
      $(tab).setAttribute('aria-selected', 'false');
      $(section).hidden = true;
    }
    show(true);
  };
  for (const tab of Object.keys(OTHER_TABS)) $(tab).addEventListener('click', () => show(false));
  show(false);
}
