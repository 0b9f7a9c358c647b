/** N/currentRecord double: the record open in the browser, set by the client runner. */
import { nsError } from '../errors';
import type { Record } from './record';

let currentRec: Record | undefined;

export function setCurrent(rec: Record | undefined): void { currentRec = rec; }

export function get(): Record {
  if (!currentRec) throw nsError('SSS_NO_CURRENT_RECORD', 'There is no current record in this context.');
  return currentRec;
}
