/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';

export function getInputData(): unknown[] {
  return [];
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  log.debug({ title: 'PayPack map', details: context.key });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  log.audit({ title: 'PayPack summary', details: `usage ${summary.usage}` });
}
