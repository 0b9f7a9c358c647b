/** Charge Card and Autopay in NetSuite: reading the invoice and its customer, writing the outcome. */
import * as format from 'N/format';
import * as record from 'N/record';
import * as search from 'N/search';
import { ChargePorts, ChargeState, NOT_MONEY, parseState, UnpostedCharge } from '../core/charge';
import { configsBySubsidiary, PayPackConfig } from '../core/config';
import { CUSTOMER, LINK, PAYMENT, RECORD, TRANSACTION } from '../core/ids';
import { loadConfigs } from './configs';
import { lookupText } from './field-values';
import { stripeClient } from './stripe';

/** A currency's ISO code (1 unit); '' when the role may not read currencies (Lists > Currency). */
function currencyCode(currencyId: string): string {
  try {
    return lookupText(search.lookupFields({ type: 'currency', id: currencyId, columns: ['symbol'] }).symbol);
  } catch {
    return '';
  }
}

/** The invoice and its currency's ISO code (2 units); undefined when the user cannot see it. */
function invoice(invoiceId: string) {
  try {
    const v = search.lookupFields({ type: 'invoice', id: invoiceId, columns: ['entity', 'currency', 'fxamountremaining', 'tranid', 'subsidiary', 'status', TRANSACTION.autopayState] });
    const entity = lookupText(v.entity);
    if (!entity) return undefined;
    const currencyId = lookupText(v.currency);
    const symbol = currencyId ? currencyCode(currencyId) : '';
    const status = Array.isArray(v.status) ? String((v.status[0] as { text?: string })?.text ?? '') : lookupText(v.status);
    return {
      id: invoiceId, tranid: lookupText(v.tranid), customerId: entity, subsidiaryId: lookupText(v.subsidiary), currency: symbol.toLowerCase(),
      due: Number(lookupText(v.fxamountremaining) || 0), status, state: parseState(lookupText(v[TRANSACTION.autopayState])),
    };
  } catch {
    return undefined;
  }
}

/**
 * The customer's Stripe customer and default payment method in the config's account (1 unit; a
 * customer link search when the config serves another subsidiary than the customer's primary one).
 */
function customer(customerId: string, config: PayPackConfig) {
  const v = search.lookupFields({ type: 'customer', id: customerId, columns: [CUSTOMER.stripeId, CUSTOMER.defaultPmId, CUSTOMER.defaultPm, 'subsidiary'] });
  if (!config.subsidiaries.length || config.subsidiaries.includes(lookupText(v.subsidiary))) {
    return { stripeId: lookupText(v[CUSTOMER.stripeId]).trim(), pmId: lookupText(v[CUSTOMER.defaultPmId]).trim(), pmSummary: lookupText(v[CUSTOMER.defaultPm]).trim() };
  }
  const link = search.create({ type: RECORD.customerLink, filters: [[LINK.customer, 'anyof', customerId], 'AND', [LINK.config, 'anyof', config.id]], columns: [LINK.stripeId, LINK.defaultPmId, LINK.defaultPm] }).run().getRange({ start: 0, end: 1 })[0];
  const text = (f: string) => (link ? String(link.getValue(f) || '').trim() : '');
  return { stripeId: text(LINK.stripeId), pmId: text(LINK.defaultPmId), pmSummary: text(LINK.defaultPm) };
}

/** The outcome on the invoice (one submitFields of a transaction, 10 units). */
function write(invoiceId: string, status: string, state: ChargeState): void {
  record.submitFields({ type: 'invoice', id: invoiceId, values: { [TRANSACTION.autopayStatus]: status.slice(0, 3900), [TRANSACTION.autopayState]: JSON.stringify(state) } });
}

/** Payment rows naming a NetSuite invoice (or any, with no id) whose charge PayPack has not posted yet. */
export function unpostedFilters(invoiceId?: string): unknown[] {
  const filters: unknown[] = [[PAYMENT.nsInvoice, invoiceId ? 'anyof' : 'noneof', invoiceId || '@NONE@'], 'AND', [PAYMENT.transaction, 'anyof', '@NONE@']];
  for (const status of NOT_MONEY) filters.push('AND', [PAYMENT.status, 'isnot', status]);
  return filters;
}

/**
 * A click's check for a Stripe charge toward the invoice not yet posted: the paged search's count
 * (5 units), and the row itself (5 more) only when there is one. A role that may not view PayPack's
 * payment rows cannot be sure of what is owed, so it charges nothing.
 */
function unposted(invoiceId: string): UnpostedCharge | 'unreadable' | undefined {
  let paged: search.PagedData;
  try {
    paged = search.create({ type: RECORD.payment, filters: unpostedFilters(invoiceId), columns: [PAYMENT.chargeId, PAYMENT.status] }).runPaged({ pageSize: 5 });
  } catch {
    return 'unreadable';
  }
  if (!paged.count) return undefined;
  const row = paged.fetch({ index: 0 }).data[0];
  return { chargeId: String(row.getValue(PAYMENT.chargeId) || ''), status: String(row.getValue(PAYMENT.status) || '') };
}

/** A person clicking waits for no backoff; Autopay may retry a 429 or 5xx with the same key. */
/**
 * `unposted`: what the caller read already of charges not yet posted (Autopay, once per run); without
 * it, each attempt searches for the invoice's own (a click).
 */
export function chargePorts(options: { maxRetries: number; configs?: PayPackConfig[]; unposted?: (invoiceId: string) => UnpostedCharge | undefined }): ChargePorts {
  // Autopay hands each invoice the config read once for the run
  let configs: PayPackConfig[] | undefined = options.configs;
  return {
    invoice,
    config: (subsidiaryId) => configsBySubsidiary(configs ??= loadConfigs())(subsidiaryId),
    customer,
    stripe: (config) => stripeClient(config.secretId, { maxRetries: options.maxRetries }),
    write,
    unposted: options.unposted ?? unposted,
  };
}

/** A calendar day of the account as a day number: date text read in the user's format (never `new Date(text)`). */
export function dayNumber(text: string): number | undefined {
  const d = format.parse({ value: text, type: format.Type.DATE });
  return d instanceof Date && Number.isFinite(d.getTime()) ? calendarDay(d) : undefined;
}

/** The day a parsed date falls on, by its calendar fields (whatever time of day the text carried). */
function calendarDay(d: Date): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000;
}

/** Today in the account's calendar: its day number, year and month (for a card's expiry). */
export function today(): { day: number; year: number; month: number } {
  const text = format.format({ value: new Date(), type: format.Type.DATE });
  const d = format.parse({ value: text, type: format.Type.DATE }) as Date;
  return { day: calendarDay(d), year: d.getFullYear(), month: d.getMonth() + 1 };
}
