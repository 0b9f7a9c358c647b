/**
 * Dates as NetSuite hands them to scripts: text in the user's Date Format and Time Format
 * preferences, in the user's time zone ("21/1/2027 7:30 am" for a D/M/YYYY user in Brisbane).
 * Search results, getText, lookupFields and N/format all go through here.
 */

export interface DatePreferences {
  /** Home > Set Preferences > Date Format, e.g. M/D/YYYY, D/M/YYYY, DD.MM.YYYY, YYYY-MM-DD. */
  dateFormat: string;
  /** Time Format: h:mm a (7:30 am) or H:mm (19:30). */
  timeFormat: string;
  /** Time Zone, as an IANA zone id. */
  timeZone: string;
}

/** A new account's company preferences: NetSuite's US defaults, Pacific time like its servers. */
export const DEFAULT_DATE_PREFERENCES: DatePreferences = { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/Los_Angeles' };

/** What a date value is shown as: a date, a date and time (search results: minutes), or with seconds (N/format). */
export type DateKind = 'date' | 'datetime' | 'datetime-seconds';

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number }

const DATE_TOKENS = /YYYY|MM|M|DD|D/g;

function dateTokens(format: string): string[] {
  const tokens = format.match(DATE_TOKENS) || [];
  if (tokens.length !== 3 || format.replace(DATE_TOKENS, '').replace(/[/.\- ]/g, '') !== '') {
    throw new Error(`Date format ${format} is not modelled by the account double (numeric formats such as M/D/YYYY, D/M/YYYY, DD.MM.YYYY, YYYY-MM-DD are).`);
  }
  return tokens;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of an instant in a time zone. */
export function wallTime(at: Date, timeZone: string): Wall {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second) };
}

/** The instant a wall-clock reading names in a time zone. */
export function fromWallTime(w: Wall, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetAt = (ms: number) => {
    const seen = wallTime(new Date(ms), timeZone);
    return Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second) - ms;
  };
  const first = asUtc - offsetAt(asUtc);
  // once more at the found instant: right across a daylight-saving change
  return new Date(asUtc - offsetAt(first));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDatePart(w: Wall, format: string): string {
  return format.replace(DATE_TOKENS, (t) => ({
    YYYY: String(w.year), MM: pad(w.month, 2), M: String(w.month), DD: pad(w.day, 2), D: String(w.day),
  } as Record<string, string>)[t]);
}

function formatTimePart(w: Wall, format: string, seconds: boolean): string {
  const twelve = /a/i.test(format);
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  const hour = twelve ? h12 : w.hour;
  const hh = /hh|HH/.test(format) ? pad(hour, 2) : String(hour);
  return `${hh}:${pad(w.minute, 2)}${seconds ? `:${pad(w.second, 2)}` : ''}${twelve ? ` ${w.hour < 12 ? 'am' : 'pm'}` : ''}`;
}

/** The text NetSuite shows for a date value under these preferences (timeZone overrides the user's). */
export function formatDateText(at: Date, prefs: DatePreferences, kind: DateKind, timeZone?: string): string {
  dateTokens(prefs.dateFormat);
  const w = wallTime(at, timeZone || prefs.timeZone);
  const date = formatDatePart(w, prefs.dateFormat);
  return kind === 'date' ? date : `${date} ${formatTimePart(w, prefs.timeFormat, kind === 'datetime-seconds')}`;
}

/**
 * Read date text written in the user's format: the instant it names in the user's time zone (or
 * timeZone). A date without a time is midnight. Undefined when the text is not in that format.
 */
export function parseDateText(text: string, prefs: DatePreferences, timeZone?: string): Date | undefined {
  const tokens = dateTokens(prefs.dateFormat);
  const escaped = prefs.dateFormat.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(DATE_TOKENS, (t) => (t === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})'));
  const m = new RegExp(`^${escaped}(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm)?)?$`, 'i').exec(String(text).trim());
  if (!m) return undefined;
  const part = (token: string) => Number(m[tokens.findIndex((t) => t[0] === token[0]) + 1]);
  const year = part('Y'); const month = part('M'); const day = part('D');
  let hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (m[7]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[7].toLowerCase() === 'pm' ? 12 : 0);
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  return fromWallTime({ year, month, day, hour, minute, second }, timeZone || prefs.timeZone);
}
