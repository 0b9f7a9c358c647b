/**
 * The books: what of a charge's money is still to be posted as NetSuite transactions, in order. The
 * money a charge captured becomes a customer payment (applied to the NetSuite invoice it names; an
 * authorization not captured posts nothing), each refund a customer refund, a refund that failed
 * after it was posted its reverse, a dispute whose funds Stripe withdrew a refund too, and funds
 * reinstated (dispute won) the reverse of that withdrawal, as for a failed refund. Each transaction's external id is `stripe_` + the
 * Stripe id it posts, so nothing is ever posted twice; what is posted is remembered on the ledger row.
 */
import { Movements, PaymentStatus } from './payments';
import { sha256Hex } from './sha256';

/** A ledger row as the books read it. */
export interface BookRow {
  rowId: string;
  chargeId: string;
  customerId: string;
  /** Major units of the charge's currency. */
  amount: number;
  currency: string;
  /** Stripe's created time, epoch seconds. */
  created: number;
  status: PaymentStatus | string;
  nsInvoiceId: string;
  movements: Movements;
  posted: Posted;
}

/**
 * What is posted, by Stripe id: the NetSuite transaction(s) made for it. `invoice`: the invoice the
 * charge's payment was applied to (a refund then credits it with a credit memo).
 */
export interface Posted {
  done: Record<string, string>;
  invoice?: string;
  /** What the charge's payment left unapplied when it was posted (the customer's credit), when anything. */
  unapplied?: number;
  /**
   * External ids of transactions posted again in place of ones a user voided or deleted, by Stripe id
   * (a refund's credit memo: the Stripe id + `_cm`); any other keeps `stripe_` + its Stripe id.
   */
  ext?: Record<string, string>;
  /**
   * The fingerprint of the Stripe state the books last posted everything of (`stateFingerprint`); '' after
   * a run that could not post everything. A row marked again with that same state was ticked by a user.
   */
  seen?: string;
}

/** The Stripe state of a ledger row as the books post it, and when PayPack read it: a new read or a new movement changes it. */
export function stateFingerprint(row: Pick<BookRow, 'status' | 'amount' | 'currency' | 'nsInvoiceId' | 'movements'> & { readAt: number }): string {
  return sha256Hex(JSON.stringify([row.readAt, row.status, row.amount, row.currency, row.nsInvoiceId, row.movements])).slice(0, 16);
}

/** A transaction PayPack posted, as NetSuite has it now. */
export type Standing = 'there' | 'voided' | 'deleted';

/**
 * The external id of a transaction posted again in place of one a user voided or deleted: the first
 * one's external id + `_r` + the internal id of the one it replaces. A voided transaction keeps its
 * external id, so the new one needs another; made from the replaced id, it is the same in every run,
 * so a run that dies after saving it finds it again instead of posting it twice.
 */
export function repostExternalId(first: string, replacedId: string): string {
  return `${first}_r${replacedId}`;
}

/** A PayPack external id without the `_r…` of a re-post: `stripe_` + the Stripe id it posts (+ its suffix). */
export function firstExternalId(id: string): string {
  return id.replace(/(_r\d+)+$/, '');
}

/** Internal ids of the transactions a posted state names (a refund: its credit memo too; a failed refund's reverse: its invoice too). */
export function namedTransactions(posted: Posted): string[] {
  return Object.values(posted.done).flatMap((v) => String(v).split(',')).filter(Boolean);
}

/**
 * What a user voided or deleted of what the row names is no longer posted: it is dropped, so the
 * run posts it again, under the external id `repostExternalId` gives (a refund whose credit memo is
 * there takes that credit memo again; one whose credit memo went, a new one). The payment gone, its
 * invoice and unapplied credit are found again when it is posted. Returns what went, in words.
 */
export function dropVoidedAndDeleted(posted: Posted, chargeId: string, standing: (transactionId: string) => Standing): { posted: Posted; gone: string[] } {
  const out: Posted = { ...posted, done: { ...posted.done }, ext: { ...(posted.ext || {}) } };
  const gone: string[] = [];
  for (const [stripeId, value] of Object.entries(posted.done)) {
    const [main, second] = String(value).split(',');
    const state = standing(main);
    // NetSuite deletes or voids nothing another transaction depends on: a refund goes before its credit memo, and the payment it took credit from
    if (state === 'there') continue;
    delete out.done[stripeId];
    out.ext![stripeId] = repostExternalId(externalId(stripeId), main);
    gone.push(`${state} transaction ${main} (${stripeId})`);
    if (stripeId === chargeId) { delete out.invoice; delete out.unapplied; }
    // a refund's credit memo: taken again when it is there, made again when it went too
    // (the reverse of a failed refund or won dispute names its invoice second: found again by its own chain when it is posted)
    const cmState = second && !/_(failed|won)$/.test(stripeId) ? standing(second) : 'there';
    if (cmState !== 'there') {
      out.ext![`${stripeId}_cm`] = repostExternalId(externalId(stripeId, '_cm'), second);
      gone.push(`${cmState} credit memo ${second} (${stripeId})`);
    }
  }
  if (!Object.keys(out.ext!).length) delete out.ext;
  return { posted: out, gone };
}


/** A transaction to post; `dated`: when Stripe moved the money (epoch seconds), undefined when Stripe does not say (the run's day). */
export type Step =
  | { kind: 'payment'; stripeId: string; externalId: string; amount: number; nsInvoiceId: string; memo: string; dated?: number }
  | { kind: 'refund'; stripeId: string; externalId: string; creditMemoExternalId: string; amount: number; memo: string; dated?: number }
  | { kind: 'refund failure'; stripeId: string; externalId: string; invoiceExternalId: string; refundId: string; amount: number; memo: string; dated?: number }
  | { kind: 'reinstatement'; stripeId: string; externalId: string; invoiceExternalId: string; refundId: string; amount: number; memo: string; dated?: number };

/** Stripe ids in external ids: `stripe_` + the id (+ a suffix where one Stripe object makes two transactions). */
export function externalId(stripeId: string, suffix = ''): string {
  return `stripe_${stripeId}${suffix}`;
}

/** Captured charges; an authorization ('authorized', 'expired') moved no money. */
const POSTABLE: ReadonlySet<string> = new Set(['succeeded', 'partially refunded', 'refunded', 'inquiry', 'disputed', 'dispute won', 'dispute lost']);
/** Rows recorded before PayPack read a dispute's balance transactions: Stripe withdrew the funds of a chargeback when it opened, and gave them back if it was won. */
const WITHDRAWN: ReadonlySet<string> = new Set(['disputed', 'dispute won', 'dispute lost']);

/**
 * The steps not posted yet, in the order they must be posted (the payment before what takes money
 * out of it). Nothing for a failed or pending charge, nor for one created before Post From.
 */
export function postingSteps(row: BookRow, postFromEpoch: number): Step[] {
  if (!POSTABLE.has(row.status) || row.created < postFromEpoch) return [];
  // only captured money is posted, for what was captured (a row recorded before PayPack read it: all of the amount)
  const captured = row.movements.captured === undefined ? { amount: row.amount, at: row.created } : row.movements.captured;
  if (!captured || captured.amount <= 0) return [];
  const done = row.posted.done;
  const steps: Step[] = [];
  if (!done[row.chargeId]) {
    steps.push({ kind: 'payment', stripeId: row.chargeId, externalId: externalId(row.chargeId), amount: captured.amount, nsInvoiceId: row.nsInvoiceId, memo: `Stripe charge ${row.chargeId}`, dated: captured.at });
  }
  for (const r of row.movements.refunds) {
    if (!r.failed) {
      if (!done[r.id]) steps.push({ kind: 'refund', stripeId: r.id, externalId: externalId(r.id), creditMemoExternalId: externalId(r.id, '_cm'), amount: r.amount, memo: `Stripe refund ${r.id} of charge ${row.chargeId}`, dated: r.created });
      continue;
    }
    // a refund that failed before it was posted needs nothing; one posted is undone once
    const failed = `${r.id}_failed`;
    if (done[r.id] && !done[failed]) {
      steps.push({ kind: 'refund failure', stripeId: failed, externalId: externalId(r.id, '_failed'), invoiceExternalId: externalId(r.id, '_failed_inv'), refundId: r.id, amount: r.amount, memo: `Stripe refund ${r.id} of charge ${row.chargeId} failed: the money is back in Stripe's balance`, ...(r.failedAt ? { dated: r.failedAt } : {}) });
    }
  }
  const dispute = row.movements.dispute;
  if (dispute) {
    // from the dispute's balance transactions: an inquiry withdraws nothing (rows recorded before PayPack read them: from the status)
    const legacy = dispute.withdrawn === undefined;
    const withdrawn = legacy ? WITHDRAWN.has(row.status) : dispute.withdrawn !== null;
    const reinstated = legacy ? row.status === 'dispute won' : dispute.reinstated !== null && dispute.reinstated !== undefined;
    if (withdrawn && !done[dispute.id]) {
      steps.push({ kind: 'refund', stripeId: dispute.id, externalId: externalId(dispute.id), creditMemoExternalId: externalId(dispute.id, '_cm'), amount: dispute.amount, memo: `Stripe dispute ${dispute.id} of charge ${row.chargeId}: funds withdrawn`, ...(dispute.withdrawn ? { dated: dispute.withdrawn } : {}) });
    }
    const won = `${dispute.id}_won`;
    if (withdrawn && reinstated && !done[won]) {
      // the withdrawal undone, as a failed refund is: `refundId` is what posted the withdrawal
      steps.push({ kind: 'reinstatement', stripeId: won, externalId: externalId(dispute.id, '_won'), invoiceExternalId: externalId(dispute.id, '_won_inv'), refundId: dispute.id, amount: dispute.amount, memo: `Stripe dispute ${dispute.id} of charge ${row.chargeId} won: funds reinstated`, ...(dispute.reinstated ? { dated: dispute.reinstated } : {}) });
    }
  }
  return steps;
}

/** How a refund's amount is taken: first from what is left unapplied on the payment, the rest by a credit memo from the invoice it paid. */
export function refundSplit(amount: number, unappliedOnPayment: number): { fromPayment: number; fromCreditMemo: number } {
  const fromPayment = Math.min(amount, Math.max(0, unappliedOnPayment));
  return { fromPayment: round(fromPayment), fromCreditMemo: round(amount - fromPayment) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function parsePosted(text: unknown): Posted {
  try {
    const p = JSON.parse(String(text || 'null')) as Posted | null;
    return p && typeof p.done === 'object' && p.done ? p : { done: {} };
  } catch {
    return { done: {} };
  }
}

/** Why a step could not be posted, in words an accountant acts on. */
export class PostingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostingError';
  }
}

/** NetSuite's refusals of a transaction save, as what to do about them. */
export function describePostingFailure(e: unknown, what: string, customer: string, currencyCode: string, day: string): string {
  if (e instanceof PostingError) return e.message;
  const name = (e as { name?: string })?.name || '';
  const message = (e as { message?: string })?.message || String(e);
  if (name === 'INVALID_FLD_VALUE' && /currency/i.test(message)) {
    return `${what} was not posted: customer ${customer} has no ${currencyCode.toUpperCase()} currency in NetSuite. Add ${currencyCode.toUpperCase()} on the customer's Financial tab (Currencies); the next run of PayPack Payments Import posts it.`;
  }
  if (name === 'PERIOD_CLOSED' || /period/i.test(message)) {
    return `${what} was not posted: the accounting period of ${day} is closed to Accounts Receivable (${message}). Reopen it, or post it by hand in an open period and give that transaction the external id PayPack uses; the next run of PayPack Payments Import tries again.`;
  }
  return `${what} was not posted: NetSuite refused it (${name ? `${name}: ` : ''}${message}). The next run of PayPack Payments Import tries again.`;
}

/**
 * How the paid invoice was taxed, as its credit memo (transformed from it) shows it: a US header tax
 * rate on the taxable lines, or a tax code on each line. Each line: its amount and tax, its tax code
 * (line tax) or whether it is taxable (header tax), and its tax rate as a fraction. Its totals, where
 * known: the header discount (`discounttotal`, off every line in proportion), shipping
 * (`shippingcost`, taxed by `shippingtaxcode`, or under a header rate when taxable) and `taxtotal`,
 * so what each class billed adds up to the invoice's total.
 */
export interface InvoiceTax {
  headerRate?: number;
  lines: Array<{ amount: number; tax: number; taxcode: string; taxable: boolean; rate: number }>;
  subtotal?: number;
  discounttotal?: number;
  shippingcost?: number;
  shippingtaxcode?: string;
  taxtotal?: number;
}

/** A line of the refund's credit memo: the refund item for `amount`, with the tax code or taxable flag of its class. */
export interface RefundLine { amount: number; taxcode?: string; taxable?: boolean }

function cents(x: number): number { return Math.round(x * 100); }

/** NetSuite's tax of an amount at a rate, to the cent. */
function taxOf(amount: number, rate: number): number {
  return Math.round(amount * rate * 100) / 100;
}

/**
 * The net amounts, at `rate`, whose net and tax make `gross` to the cent: one amount, or, where the
 * tax of every amount skips that cent, one amount and a line of 0.01 the rate leaves untaxed.
 */
export function netForGross(gross: number, rate: number): number[] {
  const g = cents(gross);
  if (!rate) return [g / 100];
  const near = Math.round(g / (1 + rate));
  for (const n of [near, near - 1, near + 1, near - 2, near + 2]) if (n >= 0 && n + cents(taxOf(n / 100, rate)) === g) return [n / 100];
  if (cents(taxOf(0.01, rate)) === 0) {
    for (const n of [near, near - 1, near - 2]) if (n >= 0 && n + 1 + cents(taxOf(n / 100, rate)) === g) return [n / 100, 0.01];
  }
  throw new PostingError(`A refund of ${gross} cannot be split into a net amount and its tax at ${Math.round(rate * 10000) / 100}%.`);
}

/**
 * The credit memo lines that credit a refund of `gross` taxed the way the paid invoice was: one
 * class per tax code (or taxable / not taxable under a header rate), the refund shared among them as
 * the invoice billed them (amount and tax), each class's lines net of its tax, so the credit memo's
 * lines and tax add up to the refund exactly. No tax on the invoice: one untaxed line.
 */
export function refundCreditLines(gross: number, invoice: InvoiceTax): { lines: RefundLine[]; net: number; tax: number } {
  const classes = new Map<string, { taxcode?: string; taxable?: boolean; rate: number; weight: number }>();
  const header = invoice.headerRate !== undefined;
  const add = (taxable: boolean, taxcode: string, rate: number, weight: number) => {
    const key = header ? (taxable ? 'taxable' : 'untaxed') : taxcode;
    const c = classes.get(key) ?? { ...(header ? { taxable } : taxcode ? { taxcode } : {}), rate: header ? (taxable ? invoice.headerRate! : 0) : taxcode ? rate : 0, weight: 0 };
    c.weight += weight;
    classes.set(key, c);
  };
  // the header discount comes off each line in proportion to its amount
  const kept = 1 + (invoice.subtotal ? (invoice.discounttotal || 0) / invoice.subtotal : 0);
  const knowsTax = invoice.taxtotal !== undefined;
  let lineTax = 0;
  let taxableNet = 0;
  for (const l of invoice.lines) {
    const net = l.amount * kept;
    // under a header rate the tax is the invoice's whole taxtotal, added to the taxable class below
    const tax = header ? (knowsTax ? 0 : taxOf(l.amount, invoice.headerRate!)) : l.tax;
    add(l.taxable, l.taxcode, l.rate, net + tax);
    lineTax += l.tax;
    if (l.taxable) taxableNet += net;
  }
  const shipping = invoice.shippingcost || 0;
  if (header && knowsTax) {
    // shipping is taxable when the tax is more than that of the taxable lines
    const shippingTaxed = round2(invoice.taxtotal! - taxOf(taxableNet, invoice.headerRate!)) > 0;
    if (shipping) add(shippingTaxed, '', 0, shipping);
    add(true, '', 0, invoice.taxtotal!);
  } else if (shipping) {
    // line tax codes: shipping and its tax (what the lines' tax leaves of taxtotal) in its tax code's class
    const code = invoice.shippingtaxcode || '';
    const shippingTax = code && knowsTax ? round2(invoice.taxtotal! - lineTax) : 0;
    const rate = invoice.lines.find((l) => l.taxcode === code)?.rate ?? shippingTax / shipping;
    add(!!code, code, rate, shipping + shippingTax);
  }
  const billed = [...classes.values()].filter((c) => c.weight > 0);
  if (!billed.length) return { lines: [{ amount: round2(gross) }], net: round2(gross), tax: 0 };
  const total = billed.reduce((s, c) => s + c.weight, 0);
  const g = cents(gross);
  let given = 0;
  const lines: RefundLine[] = [];
  let net = 0;
  billed.forEach((c, i) => {
    // rounded shares can add up to more than the refund (4 cents over weights .55/2.76/.55/.14): never give more than is left
    const share = i === billed.length - 1 ? g - given : Math.min(Math.round((g * c.weight) / total), g - given);
    given += share;
    if (share <= 0) return;
    const nets = netForGross(share / 100, c.rate);
    nets.forEach((amount, j) => {
      // a cent the tax cannot reach goes on an untaxed line: under a header rate it is marked not taxable
      const tag = header ? { taxable: j === 0 ? c.taxable : false } : c.taxcode ? { taxcode: c.taxcode } : {};
      lines.push({ amount, ...tag });
      net += cents(amount);
    });
  });
  return { lines, net: net / 100, tax: (g - net) / 100 };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
