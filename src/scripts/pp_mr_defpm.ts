/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { DefaultPmWork, refreshDefaultPm } from '../core/default-pm-refresh';
import { describeFailure, isExpectedFailure } from '../core/sync';
import { loadConfigs } from '../netsuite/configs';
import { defaultPmWork } from '../netsuite/defpm-input';
import { stripeClient } from '../netsuite/stripe';
import { writeSyncLog } from '../netsuite/sync-records';
import { unlink, writeDefault } from '../netsuite/webhook-store';

export const config = { retryCount: 0, exitOnError: false };

export function getInputData(): DefaultPmWork[] {
  return defaultPmWork(loadConfigs());
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  const work = JSON.parse(context.value) as DefaultPmWork;
  try {
    const outcome = refreshDefaultPm({ stripe: (c) => stripeClient(c.secretId), writeDefault, unlink }, work, Math.floor(Date.now() / 1000));
    context.write({ key: outcome, value: work.customerId });
  } catch (e) {
    if (!isExpectedFailure(e)) throw e;
    writeSyncLog({ customerId: work.customerId, source: 'mass', configId: work.config.id, stripeId: work.stripeId, outcome: 'failed', message: `Default payment method refresh: ${describeFailure(e, work.config.secretId, 'Nothing was lost: the next run of the default payment method refresh tries again.')}` });
    context.write({ key: 'failed', value: work.customerId });
  }
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: Record<string, number> = { changed: 0, unchanged: 0, unlinked: 0, failed: 0 };
  summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
  summary.mapSummary.errors.iterator().each((key, err) => { counts.failed++; log.error({ title: `PayPack default payment method ${key} stopped`, details: err }); return true; });
  log.audit({ title: 'PayPack default payment method refresh', details: `changed ${counts.changed}, unchanged ${counts.unchanged}, unlinked ${counts.unlinked}, failed ${counts.failed}; ${summary.usage} units` });
}
