/**
 * Tests build payments, refunds and deposits as a script must (Oracle, "SuiteScript 2.x Standard and
 * Dynamic Modes"): in dynamic mode, where setting the customer or bank account lists the lines at once.
 * A line is edited by selecting it (a new one for sublists a script may add to), setting its fields
 * and committing it.
 */
import type * as record from 'N/record';

export function setLine(rec: record.Record, sublistId: string, line: number | 'new', values: { [fieldId: string]: unknown }): void {
  if (line === 'new') rec.selectNewLine({ sublistId });
  else rec.selectLine({ sublistId, line });
  for (const [fieldId, value] of Object.entries(values)) rec.setCurrentSublistValue({ sublistId, fieldId, value: value as record.FieldValue });
  rec.commitLine({ sublistId });
}

/** The line of the sublist whose `fieldId` is `value` (a document, a payment to deposit), ticked with `values`. */
export function tickLine(rec: record.Record, sublistId: string, fieldId: string, value: unknown, values: { [fieldId: string]: unknown }): number {
  const line = rec.findSublistLineWithValue({ sublistId, fieldId, value: value as record.FieldValue });
  if (line < 0) throw new Error(`no ${sublistId} line with ${fieldId} ${String(value)}`);
  setLine(rec, sublistId, line, values);
  return line;
}
