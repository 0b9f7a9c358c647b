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
import { FailedWrite, failedWrite, Progress, progressToSave, writeKey } from '../core/payments-job';
import { describeFailure } from '../core/sync';
import { loadConfigs } from '../netsuite/configs';
import { writePayment } from '../netsuite/payments';
import { writeSyncLog } from '../netsuite/sync-records';
import { ensureSavedSearches } from '../netsuite/payout-search';
import { carryOnSoon, importPlan, saveProgress, stoppedForGovernance } from '../netsuite/payments-job';
import { BooksContext, booksContext, postCharge, rowsToPost, RowToPost } from '../netsuite/books';
import { invoicesWithoutLink, writePayLink } from '../netsuite/pay-invoice';
import { notePayoutWaits, payoutBooks, PayoutBooks, payoutsToPost, PayoutToPost, postPayout } from '../netsuite/deposits';

export const config = { retryCount: 1, exitOnError: false };

/** Units kept back when listing from Stripe in getInputData (its limit is 10,000). */
const RESERVE_UNITS = 1000;
const PROGRESS = 'progress';

/**
 * What Stripe has and NetSuite lacks, per config: past charges and payouts from its history date
 * (until imported), and what each payout not listed yet carries; with the progress that summarize
 * saves once those writes are made. Nothing is marked done here, so a restart of this stage is safe.
 */
export function getInputData(): Record<string, string> {
  const canAffordPage = () => runtime.getCurrentScript().getRemainingUsage() > RESERVE_UNITS;
  const configs = loadConfigs();
  const items: Record<string, string> = {};
  // open invoices that have no Pay by card link yet get one (the first run after installing does them all)
  try {
    for (const l of invoicesWithoutLink(configs)) items[`l:${l.invoiceId}`] = l.configId;
  } catch (e) {
    log.error({ title: 'PayPack payments: invoices without a Pay by card link not read', details: (e as Error).message });
  }
  for (const c of configs) {
    if (c.books.post) {
      try {
        // the books: the config's ledger rows whose Stripe state changed, one charge per map key
        const ctx = booksContext(c);
        if ('problem' in ctx) writeSyncLog({ source: 'payments', configId: c.id, outcome: 'failed', message: `${ctx.problem} Nothing was posted.` });
        else {
          for (const row of rowsToPost(c.id)) items[`b:${c.id}:${row.chargeId}`] = JSON.stringify({ ctx, row, configName: c.name });
          // payouts listed by an earlier run: their deposits, in the reduce stage (after this run's payments and refunds)
          const toDeposit = payoutsToPost(c.id, ctx.postFromEpoch);
          const books = toDeposit.length ? payoutBooks(c, ctx) : undefined;
          for (const p of toDeposit) items[`d:${c.id}:${p.rowId}`] = JSON.stringify({ books, payout: p });
        }
      } catch (e) {
        writeSyncLog({ source: 'payments', configId: c.id, outcome: 'failed', message: `PayPack Payments Import could not read what to post for PayPack Config ${c.name}: ${(e as Error).message} The next run tries again.` });
      }
    }
    try { checkConfig(c); } catch (e) { log.error({ title: `PayPack payments: config ${c.id} skipped`, details: (e as Error).message }); continue; }
    try {
      const work = importPlan(c, configs, canAffordPage);
      for (const w of work.writes) items[writeKey(c.id, w)] = JSON.stringify(w);
      work.progress.forEach((p, i) => { items[`p:${c.id}:${i}`] = JSON.stringify(p); });
    } catch (e) {
      // one config that cannot be read (its API secret, say) does not stop the others
      writeSyncLog({ source: 'payments', configId: c.id, outcome: 'failed', message: `PayPack Payments Import could not read PayPack Config ${c.name}: ${describeFailure(e, c.secretId, '')} Nothing of it was marked done: the next run tries again.` });
    }
  }
  return items;
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  if (context.key.startsWith('p:')) {
    context.write({ key: PROGRESS, value: context.value });
    return;
  }
  if (context.key.startsWith('l:')) {
    writePayLink(context.key.slice(2), context.value);
    context.write({ key: 'pay link written', value: context.key.slice(2) });
    return;
  }
  if (context.key.startsWith('d:')) {
    context.write({ key: context.key, value: context.value });
    return;
  }
  if (context.key.startsWith('b:')) {
    const work = JSON.parse(context.value) as { ctx: BooksContext; row: RowToPost; configName: string };
    context.write({ key: postCharge(work.ctx, work.row, work.configName), value: work.row.chargeId });
    return;
  }
  const w = JSON.parse(context.value) as PaymentWrite;
  const how = writePayment(w.row, { rowId: w.rowId, payoutRowId: w.payoutRowId });
  context.write({ key: how, value: w.row.chargeId });
}

/** Units a deposit part needs at most (its Stripe pages, the search, the deposit and a journal). */
const PART_UNITS = 400;

/** Payouts are posted here, after every map key of the run: the payments and refunds they carry are posted by then. */
export function reduce(context: EntryPoints.MapReduce.reduceContext): void {
  if (!context.key.startsWith('d:')) {
    for (const v of context.values) context.write({ key: context.key, value: v });
    return;
  }
  const work = JSON.parse(context.values[0]) as { books: PayoutBooks | { problem: string }; payout: PayoutToPost };
  const canAfford = () => runtime.getCurrentScript().getRemainingUsage() > PART_UNITS;
  const outcome = 'problem' in work.books ? notePayoutWaits(work.payout, work.books.problem) : postPayout(work.books, work.payout, canAfford);
  if (outcome === 'payout part-way') carryOnSoon();
  context.write({ key: outcome, value: context.key });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: Record<string, number> = {};
  const progress: Progress[] = [];
  const payoutsDone = new Set<string>();
  summary.output.iterator().each((key, value) => {
    if (key === PROGRESS) progress.push(JSON.parse(value) as Progress);
    else counts[key] = (counts[key] || 0) + 1;
    if (key.startsWith('payout ')) payoutsDone.add(value);
    return true;
  });
  const failed: FailedWrite[] = [];
  summary.mapSummary.errors.iterator().each((key, error) => {
    const f = failedWrite(key);
    if (!f) {
      const [kind, configId, chargeId] = key.split(':');
      const e = JSON.parse(error) as { name?: string; message?: string };
      // a charge whose posting stopped (its row stays marked): the next run finds it again
      if (kind === 'b') writeSyncLog({ source: 'payments', configId, stripeId: chargeId, outcome: 'failed', message: `Charge ${chargeId} was not posted: ${e.name}: ${e.message}. The next run of PayPack Payments Import tries again.` });
      return true;
    }
    failed.push(f);
    const e = JSON.parse(error) as { name?: string; message?: string };
    if (failed.length <= 200) writeSyncLog({ source: 'payments', configId: f.configId, stripeId: f.chargeId, outcome: 'failed', message: `Charge ${f.chargeId} was not recorded: ${e.name}: ${e.message}. The next run of PayPack Payments Import lists it again and tries again.` });
    return true;
  });
  summary.reduceSummary.errors.iterator().each((key, error) => {
    if (payoutsDone.has(key)) return true; // an attempt that failed before NetSuite's retry came through
    const [, configId, rowId] = key.split(':');
    const e = JSON.parse(error) as { name?: string; message?: string };
    writeSyncLog({ source: 'payments', configId, outcome: 'failed', message: `A Stripe payout (PayPack Stripe Payout row ${rowId}) was not posted as a deposit: ${e.name}: ${e.message}. What was posted stays; the next run of PayPack Payments Import carries on.` });
    return true;
  });
  // progress moves only past what was written: what failed is listed again by the next run
  for (const p of progressToSave(progress, failed)) saveProgress(p);
  try {
    const made = ensureSavedSearches();
    if (made.length) log.audit({ title: 'PayPack payments', details: `Saved searches created: ${made.join(', ')}.` });
  } catch (e) {
    log.error({ title: 'PayPack payments: the reconciliation saved searches could not be made', details: (e as Error).message });
  }
  const more = stoppedForGovernance();
  const text = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to write';
  log.audit({ title: 'PayPack payments', details: `${text}; ${failed.length} failed; ${summary.usage} units` });
  if (failed.length || summary.inputSummary.error) {
    writeSyncLog({ source: 'payments', outcome: 'summary', message: `Payments import: ${text}; ${failed.length} failed.${summary.inputSummary.error ? ` Input stopped: ${summary.inputSummary.error}` : ''}` });
  }
  // listing stopped for governance: carry on in a new run at once instead of waiting for the schedule
  // (not after a failed write: the same write would fail again at once; the schedule retries it)
  if (more && !failed.length) {
    try {
      task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: SCRIPT.mrPayments.scriptId }).submit();
    } catch (e) {
      log.audit({ title: 'PayPack payments: the next scheduled run carries on', details: (e as Error).message });
    }
  }
}
