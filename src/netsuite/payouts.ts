/** PayPack Stripe Payout rows: one per Stripe payout, with what it carries once the payments job listed it. */
import * as format from 'N/format';
import * as record from 'N/record';
import * as search from 'N/search';
import { PAYOUT, RECORD } from '../core/ids';
import { PayoutOnFile } from '../core/payments-job';
import { EMPTY_TALLY, PAYOUT_CONTENTS, payoutContents, PayoutRow, PayoutTally } from '../core/payouts';

/**
 * A calendar day as date text for the running user. Stripe's arrival_date is midnight UTC of the
 * day, so it is written out in UTC and the time dropped: the day is right in every time zone.
 */
export function dayText(epochSeconds: number): string {
  const text = format.format({ value: new Date(epochSeconds * 1000), type: format.Type.DATETIMETZ, timezone: format.Timezone.GMT });
  return text.replace(/\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?$/i, '');
}

/**
 * The day a Stripe time falls on, as a Date for a transaction's date field: the UTC day, the same
 * calendar as Stripe's arrival dates, so a payment and the payout that carries it are dated by one
 * rule whatever the time zone of the user the script runs as.
 */
export function stripeDay(epochSeconds: number): Date {
  return format.parse({ value: dayText(epochSeconds), type: format.Type.DATE }) as Date;
}

/** What an update may change: Stripe's current state of the payout (never what it carries). */
function stateOf(row: PayoutRow): Record<string, string | number> {
  return {
    [PAYOUT.amount]: row.amount, [PAYOUT.currency]: row.currency, [PAYOUT.arrival]: dayText(row.arrival),
    [PAYOUT.status]: row.status, [PAYOUT.failure]: row.failure.slice(0, 4000), [PAYOUT.dashboard]: row.dashboardUrl,
  };
}

export interface PayoutWritten { rowId: string; how: 'created' | 'updated' | 'unchanged' }

/**
 * Create the payout's row (6 units) or update it: the payout id is the external id, so one payout
 * never gets two rows. `contents`: what a new row starts as (core/payouts contentsOf). `known`: the
 * row and its state when the caller has read them (no search then).
 */
export function writePayout(row: PayoutRow, contents: string, known?: { rowId: string; state: string }): PayoutWritten {
  if (known) {
    if (known.state === payoutState(row)) return { rowId: known.rowId, how: 'unchanged' };
    record.submitFields({ type: RECORD.payout, id: known.rowId, values: stateOf(row) });
    return { rowId: known.rowId, how: 'updated' };
  }
  const rec = record.create({ type: RECORD.payout });
  rec.setValue({ fieldId: 'externalid', value: row.payoutId });
  rec.setValue({ fieldId: PAYOUT.id, value: row.payoutId });
  rec.setValue({ fieldId: PAYOUT.config, value: row.configId });
  rec.setValue({ fieldId: PAYOUT.created, value: new Date(row.created * 1000) });
  rec.setValue({ fieldId: PAYOUT.contents, value: contents });
  for (const [fieldId, value] of Object.entries(stateOf(row))) {
    if (fieldId === PAYOUT.arrival) rec.setText({ fieldId, text: String(value) });
    else rec.setValue({ fieldId, value });
  }
  try {
    return { rowId: String(rec.save()), how: 'created' };
  } catch (e) {
    if ((e as { name?: string }).name !== 'DUP_RCRD') throw e;
  }
  const existing = search.create({ type: RECORD.payout, filters: [[PAYOUT.id, 'is', row.payoutId]], columns: ['internalid'] }).run().getRange({ start: 0, end: 1 })[0];
  record.submitFields({ type: RECORD.payout, id: existing.id, values: stateOf(row) });
  return { rowId: existing.id, how: 'updated' };
}

/** What an update of a payout row may change, comparable whether read from Stripe or from a search (numbers as text). */
export function payoutState(v: { amount: unknown; status: unknown; failure: unknown }): string {
  return JSON.stringify([Number(v.amount), String(v.status ?? ''), String(v.failure ?? '')]);
}

const COLUMNS = [PAYOUT.id, PAYOUT.currency, PAYOUT.contents, PAYOUT.amount, PAYOUT.status, PAYOUT.failure, PAYOUT.cursor];

/** Where a listing of the payout's contents stopped part-way, with its sums so far (none: from the start). */
function tallyOf(cursor: unknown): PayoutTally {
  try {
    const t = JSON.parse(String(cursor || 'null')) as PayoutTally | null;
    return t && typeof t.after === 'string' ? { ...EMPTY_TALLY, ...t } : EMPTY_TALLY;
  } catch {
    return EMPTY_TALLY;
  }
}

/** The config's payout rows (one search page per 1,000). */
export function payoutsOnFile(configId: string): Map<string, PayoutOnFile> {
  const out = new Map<string, PayoutOnFile>();
  const paged = search.create({ type: RECORD.payout, filters: [[PAYOUT.config, 'anyof', configId]], columns: COLUMNS }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      const v = Object.fromEntries(COLUMNS.map((c) => [c, r.getValue(c)]));
      out.set(String(v[PAYOUT.id]), { rowId: r.id, payoutId: String(v[PAYOUT.id]), currency: String(v[PAYOUT.currency]), contents: String(v[PAYOUT.contents] || ''), state: payoutState({ amount: v[PAYOUT.amount], status: v[PAYOUT.status], failure: v[PAYOUT.failure] }), tally: tallyOf(v[PAYOUT.cursor]) });
    }
  }
  return out;
}

/**
 * A payout's listing, saved once the payment rows it carries are written: complete, its sums and
 * "listed"; part-way, where to carry on and the sums so far (pending, also for a row that waited
 * for Stripe to finish reconciling the payout).
 */
export function savePayoutListing(rowId: string, currency: string, tally: PayoutTally, complete: boolean): void {
  if (!complete) {
    record.submitFields({ type: RECORD.payout, id: rowId, values: { [PAYOUT.cursor]: JSON.stringify(tally), [PAYOUT.contents]: PAYOUT_CONTENTS.pending } });
    return;
  }
  const c = payoutContents(tally, currency);
  record.submitFields({
    type: RECORD.payout, id: rowId,
    values: {
      [PAYOUT.count]: c.chargeCount, [PAYOUT.gross]: c.gross, [PAYOUT.refundCount]: c.refundCount, [PAYOUT.refunds]: c.refunds,
      [PAYOUT.fees]: c.fees, [PAYOUT.other]: c.other, [PAYOUT.contents]: PAYOUT_CONTENTS.listed, [PAYOUT.cursor]: '',
    },
  });
}
