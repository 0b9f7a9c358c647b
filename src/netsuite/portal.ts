/** The customer portal link in NetSuite: making links at sync time, and what the portal Suitelet reads on a click. */
import * as random from 'N/crypto/random';
import * as search from 'N/search';
import { CONFIG, CUSTOMER, RECORD, SCRIPT } from '../core/ids';
import { PORTAL_TOKEN_PARAM, PortalConfig, PortalCustomer, PortalPorts } from '../core/portal-link';
import { newLinkUrl } from './link-click';
import { linkMeter } from './link-meter';
import { lookupText } from './field-values';
import { stripeClient } from './stripe';

/** A new durable link: the portal Suitelet's external URL with a fresh token (no units). */
export function newPortalLink(customerId: string, configId: string): string {
  return newLinkUrl(SCRIPT.slPortal, PORTAL_TOKEN_PARAM, customerId, configId);
}

/** One lookupFields each (1 unit): the customer's link, Stripe id and primary subsidiary. */
function customer(customerId: string): PortalCustomer | undefined {
  try {
    const v = search.lookupFields({ type: 'customer', id: customerId, columns: [CUSTOMER.portalUrl, CUSTOMER.stripeId, 'subsidiary'] });
    return { portalLink: lookupText(v[CUSTOMER.portalUrl]), stripeId: lookupText(v[CUSTOMER.stripeId]).trim(), subsidiaryId: lookupText(v.subsidiary) };
  } catch {
    return undefined;
  }
}

function config(configId: string): PortalConfig | undefined {
  try {
    const v = search.lookupFields({ type: RECORD.config, id: configId, columns: ['name', 'isinactive', CONFIG.subsidiaries, CONFIG.secret, CONFIG.portalReturnUrl, CONFIG.linkMaxAge] });
    if (!Object.keys(v).length) return undefined;
    return {
      id: configId, name: lookupText(v.name) || `PayPack Config ${configId}`, active: v.isinactive !== true,
      subsidiaries: lookupText(v[CONFIG.subsidiaries]).split(',').filter(Boolean), secretId: lookupText(v[CONFIG.secret]).trim(),
      portalReturnUrl: lookupText(v[CONFIG.portalReturnUrl]).trim(),
      maxAgeDays: Number(lookupText(v[CONFIG.linkMaxAge]) || 0),
    };
  } catch {
    return undefined;
  }
}

export const portalPorts: PortalPorts = {
  customer,
  config,
  // the customer is waiting in the browser: no backoff waits, "try again later" instead
  stripe: (c) => stripeClient(c.secretId, { maxRetries: 0 }),
  clickId: () => random.generateUUID(),
  meter: (customerId) => linkMeter('portal', customerId),
};
