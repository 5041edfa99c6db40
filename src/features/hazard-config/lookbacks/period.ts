import { TZDate } from '@date-fns/tz';
import { endOfDay } from 'date-fns';

const parts = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m - 1, d] as const;
};

/**
 * The instants a period of local calendar days covers in the tenant's zone: from 00:00:00.000 of
 * `from` to 23:59:59.999 of `to`, both inclusive (daylight-saving days included). Pure.
 */
export function localDayRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  const start = new TZDate(...parts(from), timeZone);
  const end = endOfDay(new TZDate(...parts(to), timeZone));
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}
