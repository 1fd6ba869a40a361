import { z } from 'zod';
import { DATUMS, distanceToRingM, haversineM, insidePolygon, toWgs84, type LatLng } from './geo.js';
import { beacon, bssid, nfcTag, type Beacon, type Site } from './sites.js';

/** Where a check-in was made, judged against the sites that apply (checkin.md §2). */

export const fix = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  coordSystem: z.enum(DATUMS),
  accuracy: z.number().nonnegative().max(100_000).optional(),
});
export type Fix = z.infer<typeof fix>;

export const signals = {
  location: fix.optional(),
  wifi: z.strictObject({ bssid, ssid: z.string().max(128).optional() }).optional(),
  beacon: beacon.optional(),
  nfcTag: nfcTag.optional(),
};

export interface Signals {
  location?: Fix | undefined;
  wifi?: { bssid: string; ssid?: string | undefined } | undefined;
  beacon?: Beacon | undefined;
  nfcTag?: string | undefined;
}

export type Verdict = 'inside' | 'outside' | 'uncertain';
export type CheckinMethod = 'gps' | 'wifi' | 'ble' | 'nfc';

export interface Judgement {
  verdict: Verdict;
  /** The site the verdict refers to (the matching or nearest one); null when none applies. */
  site: Site | null;
  /** Metres from the fix to the site (its centre, or its polygon edge; 0 inside a polygon). */
  distanceM: number | null;
  method: CheckinMethod;
  /** The fix's accuracy is worse than the site's limit. */
  poorAccuracy: boolean;
}

interface SiteVerdict {
  verdict: Verdict;
  distanceM: number;
  /** Metres beyond the fence edge (≤ 0 inside), for choosing the best site. */
  beyond: number;
  poorAccuracy: boolean;
}

const RANK: Record<Verdict, number> = { inside: 0, uncertain: 1, outside: 2 };

/** inside when on or within the fence, outside when even the accuracy circle misses it, else uncertain. */
export function judgeFix(site: Site, at: LatLng, accuracy: number): SiteVerdict {
  const ring = site.wgs.polygon;
  let distanceM: number;
  let beyond: number;
  if (ring !== null) {
    const inside = insidePolygon(at, ring);
    distanceM = inside ? 0 : distanceToRingM(at, ring);
    beyond = inside ? -1 : distanceM;
  } else {
    distanceM = haversineM(at, site.wgs.center);
    beyond = distanceM - (site.radiusM ?? 0);
  }
  const poorAccuracy = accuracy > site.maxAccuracyM;
  const verdict: Verdict = poorAccuracy ? 'uncertain' : beyond <= 0 ? 'inside' : beyond - accuracy > 0 ? 'outside' : 'uncertain';
  return { verdict, distanceM: Math.round(distanceM * 10) / 10, beyond, poorAccuracy };
}

function matchedSignal(site: Site, s: Signals): CheckinMethod | null {
  if (s.wifi !== undefined && site.wifi.includes(s.wifi.bssid)) return 'wifi';
  const b = s.beacon;
  if (b !== undefined && site.beacons.some((x) => x.uuid === b.uuid && x.major === b.major && x.minor === b.minor)) return 'ble';
  if (s.nfcTag !== undefined && site.nfcTags.includes(s.nfcTag)) return 'nfc';
  return null;
}

function methodOf(s: Signals): CheckinMethod {
  if (s.location !== undefined) return 'gps';
  if (s.wifi !== undefined) return 'wifi';
  if (s.beacon !== undefined) return 'ble';
  return s.nfcTag !== undefined ? 'nfc' : 'gps';
}

/**
 * Judges a check-in against every site that applies: a matching Wi-Fi BSSID, beacon or NFC tag
 * makes it inside without coordinates; otherwise the fix is converted to WGS-84 and the best
 * site wins (inside any one is inside). Without evidence or without sites it is uncertain.
 */
export function judge(sites: readonly Site[], s: Signals): Judgement {
  for (const site of sites) {
    const method = matchedSignal(site, s);
    if (method === null) continue;
    const loc = s.location;
    const distanceM = loc === undefined ? null : judgeFix(site, toWgs84(loc, loc.coordSystem), 0).distanceM;
    return { verdict: 'inside', site, distanceM, method, poorAccuracy: false };
  }
  const loc = s.location;
  if (loc === undefined || sites.length === 0) return { verdict: 'uncertain', site: null, distanceM: null, method: methodOf(s), poorAccuracy: false };
  const at = toWgs84(loc, loc.coordSystem);
  let best: { site: Site; v: SiteVerdict } | null = null;
  for (const site of sites) {
    const v = judgeFix(site, at, loc.accuracy ?? 0);
    if (best === null || RANK[v.verdict] < RANK[best.v.verdict] || (RANK[v.verdict] === RANK[best.v.verdict] && v.beyond < best.v.beyond)) best = { site, v };
  }
  const chosen = best as { site: Site; v: SiteVerdict };
  return { verdict: chosen.v.verdict, site: chosen.site, distanceM: chosen.v.distanceM, method: 'gps', poorAccuracy: chosen.v.poorAccuracy };
}
