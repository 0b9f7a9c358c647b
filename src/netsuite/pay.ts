/** The Pay by card link in NetSuite: making an invoice's link, and what the pay Suitelet reads on a click. */
import * as random from 'N/crypto/random';
import * as search from 'N/search';
import { CONFIG, CUSTOMER, LINK, RECORD, SCRIPT, TRANSACTION } from '../core/ids';
import { PAY_TOKEN_PARAM, PayConfig, PayInvoice, PayPorts } from '../core/pay-link';
import { newLinkUrl } from './link-click';
import { syncPrimary } from '../core/sync-flow';
import { lookupText } from './field-values';
import { stripeClient } from './stripe';
import { syncPorts } from './sync-ports';

/** A new durable link: the pay Suitelet's external URL with a fresh token (no units). */
export function newPayLink(invoiceId: string, configId: string): string {
  return newLinkUrl(SCRIPT.slPay, PAY_TOKEN_PARAM, invoiceId, configId);
}

/** Two lookups (2 units): the invoice (what is due in its own currency: `fxamountremaining`), and its currency's ISO code. */
function invoice(invoiceId: string): PayInvoice | undefined {
  try {
    const v = search.lookupFields({ type: 'invoice', id: invoiceId, columns: [TRANSACTION.payUrl, 'entity', 'currency', 'fxamountremaining', 'tranid', 'subsidiary'] });
    const currencyId = lookupText(v.currency);
    const symbol = currencyId ? lookupText(search.lookupFields({ type: 'currency', id: currencyId, columns: ['symbol'] }).symbol) : '';
    return {
      payLink: lookupText(v[TRANSACTION.payUrl]), customerId: lookupText(v.entity), currency: symbol.toLowerCase(), due: Number(lookupText(v.fxamountremaining) || 0),
      tranid: lookupText(v.tranid), subsidiaryId: lookupText(v.subsidiary),
    };
  } catch {
    return undefined;
  }
}

function config(configId: string): PayConfig | undefined {
  try {
    const v = search.lookupFields({ type: RECORD.config, id: configId, columns: ['name', 'isinactive', CONFIG.subsidiaries, CONFIG.secret, CONFIG.paySuccessUrl, CONFIG.payCancelUrl] });
    if (!Object.keys(v).length) return undefined;
    return {
      id: configId, name: lookupText(v.name) || `PayPack Config ${configId}`, active: v.isinactive !== true,
      subsidiaries: lookupText(v[CONFIG.subsidiaries]).split(',').filter(Boolean), secretId: lookupText(v[CONFIG.secret]).trim(),
      successUrl: lookupText(v[CONFIG.paySuccessUrl]).trim(), cancelUrl: lookupText(v[CONFIG.payCancelUrl]).trim(),
    };
  } catch {
    return undefined;
  }
}

export const payPorts: PayPorts = {
  invoice,
  config,
  stripeCustomer: (customerId, config) => {
    const v = search.lookupFields({ type: 'customer', id: customerId, columns: [CUSTOMER.stripeId, 'subsidiary'] });
    if (!config.subsidiaries.length || config.subsidiaries.includes(lookupText(v.subsidiary))) return { stripeId: lookupText(v[CUSTOMER.stripeId]).trim(), primary: true };
    const link = search.create({ type: RECORD.customerLink, filters: [[LINK.customer, 'anyof', customerId], 'AND', [LINK.config, 'anyof', config.id]], columns: [LINK.stripeId] }).run().getRange({ start: 0, end: 1 })[0];
    return { stripeId: link ? String(link.getValue(LINK.stripeId) || '').trim() : '', primary: false };
  },
  syncCustomer: (customerId) => {
    const r = syncPrimary(syncPorts, customerId, 'pay');
    return r.ok && r.stripeCustomerId ? { stripeId: r.stripeCustomerId } : { problem: r.message };
  },
  // the customer is waiting in the browser: no backoff waits, "try again later" instead
  stripe: (c) => stripeClient(c.secretId, { maxRetries: 0 }),
  clickId: () => random.generateUUID(),
};
