import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point, polygon } from '@turf/helpers';
import gcoordModule from 'gcoord';

// gcoord's typings declare an ES default export, but the package is CommonJS (module.exports = that object).
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

/** Coordinate systems a client may send (checkin.md §2). */
export const DATUMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];

export interface LatLng {
  lat: number;
  lng: number;
}

/** The mean Earth radius checkin.md §2 fixes for haversine distances. */
const EARTH_RADIUS_M = 6_371_008.8;

const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * Every coordinate is converted to WGS-84 before any distance or containment test: a GCJ-02
 * fence and a WGS-84 fix differ by hundreds of metres in mainland China. gcoord leaves points
 * outside China unchanged, as the datums coincide there.
 */
export function toWgs84(p: LatLng, datum: Datum): LatLng {
  if (datum === 'wgs84') return { lat: p.lat, lng: p.lng };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], CRS[datum], gcoord.WGS84) as [number, number];
  return { lat, lng };
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function insidePolygon(p: LatLng, ring: readonly LatLng[]): boolean {
  const coords = ring.map((q) => [q.lng, q.lat]);
  const first = coords[0];
  const last = coords[coords.length - 1];
  // GeoJSON rings are closed: repeat the first vertex when the caller did not.
  if (first !== undefined && last !== undefined && (first[0] !== last[0] || first[1] !== last[1])) coords.push(first);
  return booleanPointInPolygon(point([p.lng, p.lat]), polygon([coords]));
}

/**
 * Metres from `p` to the nearest edge of `ring`. Fences span at most a few kilometres, so a
 * local equirectangular projection around `p` is exact to well under a metre.
 */
export function distanceToRingM(p: LatLng, ring: readonly LatLng[]): number {
  const k = (Math.PI / 180) * EARTH_RADIUS_M;
  const xy = (q: LatLng): [number, number] => [(q.lng - p.lng) * k * Math.cos(rad(p.lat)), (q.lat - p.lat) * k];
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as LatLng;
    const b = ring[(i + 1) % ring.length] as LatLng;
    const [ax, ay] = xy(a);
    const [bx, by] = xy(b);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    // Projection of the origin (p) onto segment ab, clamped to the segment.
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}
