/**
 * Dates as the interface shows and reads them: in the browser's time zone and locale. The API
 * speaks ISO 8601 with an offset; a datetime-local input has no zone, so it is read as local time.
 */

/**
 * The reader's languages, most preferred first, as the browser reports them (Intl falls back along
 * the list, then to its default, when it has no data for one); none outside a browser.
 */
export function readerLocales(): string[] {
  if (typeof navigator === 'undefined') return [];
  const preferred = navigator.languages?.length ? [...navigator.languages] : [navigator.language];
  // A tag Intl refuses (Chromium under a POSIX locale reports "en-US@posix") would make every
  // formatter below throw and leave the page blank: such tags are dropped.
  return preferred.filter((language): language is string => {
    if (typeof language !== 'string' || language === '') return false;
    try {
      return Intl.getCanonicalLocales(language).length > 0;
    } catch {
      return false;
    }
  });
}

// No timeZone option: Intl then uses the browser's own zone.
const dateTimeFormat = new Intl.DateTimeFormat(readerLocales(), { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(readerLocales(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A date and time for people, or an empty string for no date (or one that cannot be read). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
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
