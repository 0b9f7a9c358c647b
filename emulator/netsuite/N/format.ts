/**
 * N/format double: dates to and from the text NetSuite uses for the running user (their Date
 * Format, Time Format and time zone), numbers to and from text. No governance cost.
 */
import { account } from '../account';
import { DateKind, formatDateText, parseDateText } from '../dates';
import { nsError } from '../errors';

export const Type = {
  CHECKBOX: 'checkbox', CURRENCY: 'currency', DATE: 'date', DATETIME: 'datetime', DATETIMETZ: 'datetimetz',
  FLOAT: 'float', INTEGER: 'integer', TEXT: 'text', TIMEOFDAY: 'timeofday', POSINTEGER: 'posinteger',
} as const;

/** A few of NetSuite's time zone keys; any IANA zone id is taken as well. */
export const Timezone = {
  AMERICA_LOS_ANGELES: 'America/Los_Angeles', AMERICA_NEW_YORK: 'America/New_York', AMERICA_SAO_PAULO: 'America/Sao_Paulo',
  EUROPE_LONDON: 'Europe/London', EUROPE_BERLIN: 'Europe/Berlin', ASIA_TOKYO: 'Asia/Tokyo', AUSTRALIA_BRISBANE: 'Australia/Brisbane',
  AUSTRALIA_SYDNEY: 'Australia/Sydney', GMT: 'GMT',
} as const;

interface Options { value: unknown; type: string; timezone?: string }

function required(fn: string, options: Options | undefined): Options {
  if (!options || options.value === undefined || !options.type) {
    throw nsError('SSS_MISSING_REQD_ARGUMENT', `format.${fn}: Missing a required argument: ${!options || options.value === undefined ? 'value' : 'type'}`);
  }
  return options;
}

const DATE_KINDS: Record<string, DateKind> = { date: 'date', datetime: 'datetime-seconds', datetimetz: 'datetime-seconds' };

/** A raw value as the user's text: a Date in their date format and time zone (or options.timezone). */
export function format(options: Options): string {
  const { value, type, timezone } = required('format', options);
  const kind = DATE_KINDS[String(type).toLowerCase()];
  if (kind) {
    if (!(value instanceof Date) || isNaN(value.getTime())) {
      throw nsError('SSS_INVALID_TYPE_ARG', `format.format: the value for type ${type} must be a Date.`);
    }
    return formatDateText(value, account().datePreferences(), kind, timezone);
  }
  return value === null ? '' : String(value);
}

/**
 * The user's text as a raw value: a date read in their format and time zone (or options.timezone).
 * Text that does not parse comes back unchanged, as NetSuite documents.
 */
export function parse(options: Options): unknown {
  const { value, type, timezone } = required('parse', options);
  const t = String(type).toLowerCase();
  if (DATE_KINDS[t]) return parseDateText(String(value), account().datePreferences(), timezone) ?? value;
  if (t === 'integer' || t === 'posinteger') return /^-?\d+$/.test(String(value).replace(/,/g, '')) ? Number(String(value).replace(/,/g, '')) : value;
  if (t === 'float' || t === 'currency') return isNaN(Number(String(value).replace(/,/g, ''))) ? value : Number(String(value).replace(/,/g, ''));
  return value;
}
