/** Field values the way NetSuite takes them from a script, whatever the user's date preferences. */
import * as format from 'N/format';
import * as runtime from 'N/runtime';

type Submittable = string | number | boolean | string[];

/**
 * record.submitFields takes a date as text in the running user's date format and time zone, so a
 * Date is turned into that text by N/format (record.setValue, by contrast, takes the Date itself).
 */
export function forSubmitFields(values: Record<string, unknown>): Record<string, Submittable> {
  const out: Record<string, Submittable> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = v instanceof Date ? format.format({ value: v, type: format.Type.DATETIMETZ }) : (v as Submittable);
  }
  return out;
}

/**
 * An instant written into a message for people: the running user's date format and time zone, with
 * the zone named, since the row may be read by someone with other preferences.
 */
export function showTime(ms: number): string {
  const zone = runtime.getCurrentUser().getPreference({ name: 'TIMEZONE' });
  return `${format.format({ value: new Date(ms), type: format.Type.DATETIMETZ })}${zone ? ` (${zone})` : ''}`;
}

/**
 * A lookupFields value as text: a select comes as [{ value, text }] (its ids, comma-separated for a
 * multi-select), anything else as it is; '' when empty.
 */
export function lookupText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String((x as { value?: string }).value ?? x)).join(',');
  return v === null || v === undefined ? '' : String(v);
}
