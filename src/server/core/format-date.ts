// Building a DateTimeFormat costs far more than using one; `date` reuses one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall-clock time in `timeZone` with its UTC offset and zone name,
 * e.g. `Fri 2025-03-14 15:09:26 +01:00 (Europe/Berlin)`.
 */
export function formatDate(date: Date, timeZone: string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(date)) part[type] = value;
  // longOffset reads `GMT+01:00`, or plain `GMT` for a zero offset.
  const offset = (part.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
  return (
    `${part.weekday} ${part.year}-${part.month}-${part.day} ` +
    `${part.hour}:${part.minute}:${part.second} ${offset} (${timeZone})`
  );
}
