import { buildCalendar, type Calendar, type CalendarDefinition } from './calendar.js';
import { builtinYearData } from './data/index.js';
import type { CalendarYearData } from './types.js';

export interface CalendarRegistry {
  /** The compiled calendar for a region id; throws for an id nobody registered. */
  get(id: string): Calendar;
  has(id: string): boolean;
  ids(): string[];
}

/**
 * Compiles each definition once. Definitions sharing an id are merged, later years replacing
 * earlier ones of the same year, so operators can add or correct a year from stored rows
 * (calendar_days) without a release.
 */
export function createCalendarRegistry(defs: readonly CalendarDefinition[]): CalendarRegistry {
  const merged = new Map<string, CalendarDefinition>();
  for (const def of defs) {
    const prev = merged.get(def.id);
    if (!prev) {
      merged.set(def.id, def);
      continue;
    }
    const replaced = new Set(def.years.map((y) => y.year));
    merged.set(def.id, {
      ...prev,
      ...def,
      years: [...prev.years.filter((y) => !replaced.has(y.year)), ...def.years],
    });
  }
  const compiled = new Map<string, Calendar>();
  for (const [id, def] of merged) compiled.set(id, buildCalendar(def));
  return {
    get(id) {
      const cal = compiled.get(id);
      if (!cal) throw new RangeError(`unknown calendar id ${JSON.stringify(id)}; known: ${[...compiled.keys()].join(', ')}`);
      return cal;
    },
    has: (id) => compiled.has(id),
    ids: () => [...compiled.keys()],
  };
}

function groupByCalendar(data: readonly CalendarYearData[]): Map<string, CalendarYearData[]> {
  const out = new Map<string, CalendarYearData[]>();
  for (const y of data) out.set(y.calendar, [...(out.get(y.calendar) ?? []), y]);
  return out;
}

/** Shipped regions (one per data folder) plus `NONE`: weekends only, every year known. */
export const builtinCalendarDefinitions: readonly CalendarDefinition[] = [
  ...[...groupByCalendar(builtinYearData)].map(([id, years]) => ({ id, years })),
  { id: 'NONE', years: [], weekendsOnly: true },
];

export const builtinCalendars: CalendarRegistry = createCalendarRegistry(builtinCalendarDefinitions);
