/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { autopayStep, chargeInvoice, parseRetryDays } from '../core/charge';
import { minorUnits } from '../core/payments';
import { chargePorts, today } from '../netsuite/charge';
import { AutopayWork, autopayWork } from '../netsuite/autopay-input';
import { loadConfigs } from '../netsuite/configs';
import { writeSyncLog } from '../netsuite/sync-records';

export const config = { retryCount: 0, exitOnError: false };

/** Configs whose Autopay Days cannot be read charge nothing: one sync log row each says why. */
export function getInputData(): AutopayWork[] {
  const configs = loadConfigs().filter((c) => {
    const days = parseRetryDays(c.autopayDays ?? '');
    if (!('problem' in days)) return true;
    writeSyncLog({ source: 'autopay', configId: c.id, outcome: 'failed', message: `PayPack Autopay charged nothing for PayPack Config ${c.name}: ${days.problem}` });
    return false;
  });
  return autopayWork(today().day, configs);
}

/** Outcomes that are not a charge and say why: one sync log row each. */
const LOGGED = new Set(['declined', 'action', 'gave up', 'refused', 'try later']);

/** One invoice: the step due today (if any) charged for what it owes now, or its processing debit read. */
export function map(context: EntryPoints.MapReduce.mapContext): void {
  const work = JSON.parse(context.value) as AutopayWork;
  const now = today();
  const ports = chargePorts({ maxRetries: 2, configs: [work.config], unposted: () => work.unposted });
  const result = chargeInvoice(ports, work.invoiceId, 'autopay', now, (invoice, customer) => {
    if (work.dueDay === null) return undefined;
    const days = parseRetryDays(work.config.autopayDays ?? '');
    if ('problem' in days) return undefined;
    return autopayStep(now.day - work.dueDay, days, invoice.state, customer?.pmId ?? '', { amount: minorUnits(invoice.due, invoice.currency), currency: invoice.currency });
  });
  if (LOGGED.has(result.outcome)) {
    writeSyncLog({ customerId: result.customerId, source: 'autopay', configId: result.configId, stripeId: result.stripeId, outcome: result.outcome === 'try later' || result.outcome === 'refused' ? 'failed' : result.outcome, message: result.message });
  }
  context.write({ key: result.outcome, value: work.invoiceId });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: Record<string, number> = {};
  summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
  summary.mapSummary.errors.iterator().each((key, err) => { counts.failed = (counts.failed || 0) + 1; log.error({ title: `PayPack Autopay invoice ${key} stopped`, details: err }); return true; });
  if (summary.inputSummary.error) log.error({ title: 'PayPack Autopay could not list invoices', details: summary.inputSummary.error });
  log.audit({ title: 'PayPack Autopay', details: `${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing to do'}; ${summary.usage} units` });
}
