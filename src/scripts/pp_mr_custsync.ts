/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import { MassCounts, MassWork, summarizeCounts, syncMassItem } from '../core/sync-flow';
import { loadConfigs } from '../netsuite/configs';
import { massWork } from '../netsuite/mass-input';
import { massPorts } from '../netsuite/sync-ports';
import { writeSyncLog } from '../netsuite/sync-records';

/** Failed keys the summary also writes as sync log rows (each costs 6 units). */
const MAX_ERROR_ROWS = 200;

export const config = { retryCount: 0, exitOnError: false };

export function getInputData(): MassWork[] {
  const only = runtime.getCurrentScript().getParameter({ name: 'custscript_pp_mr_custsync_config' });
  return massWork(loadConfigs(), only ? String(only) : undefined);
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  const work = JSON.parse(context.value) as MassWork;
  const result = syncMassItem(massPorts, work);
  context.write({ key: result.outcome, value: work.customerId });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: MassCounts = { created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0 };
  summary.output.iterator().each((key) => { counts[key as keyof MassCounts]++; return true; });
  let errorRows = 0;
  summary.mapSummary.errors.iterator().each((key, error) => {
    counts.failed++;
    const e = JSON.parse(error) as { name?: string; message?: string };
    log.error({ title: `PayPack mass sync: map ${key} failed`, details: `${e.name}: ${e.message}` });
    if (errorRows++ < MAX_ERROR_ROWS) writeSyncLog({ source: 'mass', outcome: 'failed', message: `Map key ${key} stopped: ${e.name}: ${e.message}` });
    return true;
  });
  if (summary.inputSummary.error) log.error({ title: 'PayPack mass sync: input failed', details: summary.inputSummary.error });
  const text = summarizeCounts(counts);
  log.audit({ title: 'PayPack mass sync', details: `${text}; ${summary.usage} units` });
  writeSyncLog({ source: 'mass', outcome: 'summary', message: `Mass sync: ${text}.${summary.inputSummary.error ? ` Input failed: ${summary.inputSummary.error}` : ''}` });
}
