import { builtinCalendars, specialDays } from '../rules/calendar/index.js';

/** A holiday or make-up workday (调休上班) the generated company observes. */
export interface HolidayEntry {
  date: string;
  kind: 'holiday' | 'makeup';
  name: string;
}

/** Mainland China's statutory holidays and make-up days within [from, to], from the ledger's own calendar data. */
export function cnHolidays(from: string, to: string): HolidayEntry[] {
  const cn = builtinCalendars.get('CN');
  return specialDays(cn, from, to).map((d) => ({
    date: d.date,
    kind: d.dayType === 'makeup' ? 'makeup' : 'holiday',
    name: d.dayType === 'makeup' ? `${d.name ?? ''}调休上班` : (d.name ?? '节假日'),
  }));
}
