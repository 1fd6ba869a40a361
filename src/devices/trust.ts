import { BlockList, isIP } from 'node:net';

/**
 * Optional allowed source networks per device. The PUSH protocol has no signature, so the only
 * proof of origin a deployment can add is where the request comes from.
 */

/** Parses `10.0.0.0/8,192.168.1.7` (IPv4 or IPv6; a bare address is a /32 or /128); throws on bad input. */
export function parseNetworks(list: string): string[] {
  const out: string[] = [];
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const [addr = '', prefix] = item.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))) throw new Error(`"${item}" is not an IP address or CIDR network`);
    out.push(prefix === undefined ? `${addr}/${max}` : `${addr}/${Number(prefix)}`);
  }
  return out;
}

function blockList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const n of networks) {
    const [addr = '', prefix = ''] = n.split('/');
    list.addSubnet(addr, Number(prefix), isIP(addr) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** True when no networks are configured, or `ip` (as express reports it) lies in one of them. */
export function allowedFrom(networks: readonly string[] | null, ip: string | undefined): boolean {
  if (networks === null || networks.length === 0) return true;
  if (ip === undefined) return false;
  // Dual-stack sockets report IPv4 peers as IPv4-mapped IPv6 (::ffff:10.0.0.5).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = mapped?.[1] ?? ip;
  const family = isIP(addr);
  if (family === 0) return false;
  return blockList(networks).check(addr, family === 6 ? 'ipv6' : 'ipv4');
}
