/**
 * Dates as the interface shows and reads them: in the browser's time zone and locale. The API
 * speaks ISO 8601 with an offset; a datetime-local input has no zone, so it is read as local time.
 */

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A date and time for people, or an empty string for no date. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return dateTimeFormat.format(new Date(value));
}

/** The time of day with seconds (when a live view last changed). */
export function formatTime(value: Date): string {
  return timeFormat.format(value);
}

/** The value of a datetime-local input as an ISO instant (the browser's zone applies), or null when empty or unreadable. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  // "YYYY-MM-DDTHH:mm" without an offset is local time by the ECMAScript date-time format.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as the value of a datetime-local input in the browser's zone ("" for none). */
export function isoToLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The browser's time zone name, to say which zone a datetime-local input is read in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
