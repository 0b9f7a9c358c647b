/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import * as task from 'N/task';
import { SCRIPT } from '../core/ids';
import { checkConfig } from '../core/config';
import { PaymentWrite } from '../core/payment-import';
import { loadConfigs } from '../netsuite/configs';
import { writePayment } from '../netsuite/payments';
import { writeSyncLog } from '../netsuite/sync-records';
import { ensurePayoutSearch } from '../netsuite/payout-search';
import { importPlan, relistPayouts, reopenHistory, stoppedForGovernance } from '../netsuite/payments-job';

export const config = { retryCount: 1, exitOnError: false };

/** Units kept back when listing from Stripe in getInputData (its limit is 10,000). */
const RESERVE_UNITS = 1000;

/**
 * What Stripe has and NetSuite lacks: past charges and payouts from each config's history date
 * (until imported), and what each payout not listed yet carries. Writes only what changed.
 */
export function getInputData(): Record<string, string> {
  const canAffordPage = () => runtime.getCurrentScript().getRemainingUsage() > RESERVE_UNITS;
  const configs = loadConfigs();
  const items: Record<string, string> = {};
  for (const c of configs) {
    try { checkConfig(c); } catch (e) { log.error({ title: `PayPack payments: config ${c.id} skipped`, details: (e as Error).message }); continue; }
    for (const w of importPlan(c, configs, canAffordPage)) items[`${c.id}:${w.payoutRowId || ''}:${w.row.chargeId}`] = JSON.stringify(w);
  }
  return items;
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  const w = JSON.parse(context.value) as PaymentWrite;
  const how = writePayment(w.row, { rowId: w.rowId, payoutRowId: w.payoutRowId, onlyIfNewer: true });
  context.write({ key: how, value: w.row.chargeId });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: Record<string, number> = {};
  summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
  const failedConfigs = new Set<string>();
  const failedPayouts = new Set<string>();
  let failed = 0;
  summary.mapSummary.errors.iterator().each((key, error) => {
    const [configId, payoutRowId, chargeId] = key.split(':');
    failedConfigs.add(configId);
    if (payoutRowId) failedPayouts.add(payoutRowId);
    const e = JSON.parse(error) as { name?: string; message?: string };
    if (failed++ < 200) writeSyncLog({ source: 'payments', configId, stripeId: chargeId, outcome: 'failed', message: `Charge ${chargeId} was not recorded: ${e.name}: ${e.message}. The next run of PayPack Payments Import tries again.` });
    return true;
  });
  try {
    if (ensurePayoutSearch() === 'created') log.audit({ title: 'PayPack payments', details: 'Saved search PayPack Stripe Payouts with Payments created.' });
  } catch (e) {
    log.error({ title: 'PayPack payments: the payouts saved search could not be made', details: (e as Error).message });
  }
  // what failed is listed again by the next run (rows already right cost nothing then)
  relistPayouts([...failedPayouts]);
  reopenHistory([...failedConfigs]);
  const more = stoppedForGovernance();
  const text = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to write';
  log.audit({ title: 'PayPack payments', details: `${text}; ${failed} failed; ${summary.usage} units` });
  if (failed || summary.inputSummary.error) {
    writeSyncLog({ source: 'payments', outcome: 'summary', message: `Payments import: ${text}; ${failed} failed.${summary.inputSummary.error ? ` Input stopped: ${summary.inputSummary.error}` : ''}` });
  }
  if (more) {
    // listing stopped for governance: carry on in a new run at once instead of waiting for the schedule
    try {
      task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: SCRIPT.mrPayments.scriptId }).submit();
    } catch (e) {
      log.audit({ title: 'PayPack payments: the next scheduled run carries on', details: (e as Error).message });
    }
  }
}
