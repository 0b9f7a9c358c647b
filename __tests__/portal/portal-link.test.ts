/**
 * The customer portal link of email templates: made once at sync time, it opens a fresh Stripe
 * billing portal session whenever the customer clicks it, through the compiled portal Suitelet.
 */
import { CUSTOMER, RECORD } from '../../src/core/ids';
import { clickSync, massSync, syncLogRows, syncWorld, SyncWorld } from '../sync/setup';
import { advance } from '../../emulator/world';
import { openLink } from './setup';
import { isLinkFor, linkToken, linkTooOld, portalPage, readLinkToken, redirectPage } from '../../src/core/portal-link';

let w: SyncWorld;
let customerId: number;
let link: string;
beforeEach(() => {
  w = syncWorld();
  customerId = w.account.addCustomer({ companyname: 'Portal Co', email: 'billing@portal.test', subsidiary: String(w.parent) });
  clickSync(w, customerId);
  link = String(w.account.get('customer', customerId).fields[CUSTOMER.portalUrl]);
});

const stripeId = () => String(w.account.get('customer', customerId).fields[CUSTOMER.stripeId]);
const sessions = (stripe = w.stripe) => [...stripe.store().portalSessions.values()];
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const UNAVAILABLE = 'This billing portal link is not available. Please contact us and we will send you a new one.';
const TRY_LATER = 'We could not open your billing portal just now. Please try the link again in a few minutes.';

/** What a customer may see on a page: nothing of the account, Stripe or the script. */
function expectPlainPage(res: ReturnType<typeof openLink>, text: string) {
  expect(res.status).toBe(200);
  expect(res.headers['Content-Type']).toBe('text/html; charset=utf-8');
  expect(res.body).toContain(text);
  expect(res.body).not.toMatch(/stripe|cus_|bps_|sk_test|custsecret|config|error|at \w+ \(|\.js:\d+/i);
}

describe('a click', () => {
  test('a link made at sync time still opens a fresh portal session 30 days later: one Stripe call, nothing written on the customer', () => {
    advance(w, 30 * 86400);
    const version = w.account.get('customer', customerId).version;
    const res = openLink(w, link);
    expect(res.status).toBe(302);
    const session = sessions().pop()!;
    expect(res.headers.Location).toBe(session.url);
    expect(session).toMatchObject({ customer: stripeId(), return_url: 'https://example.com/account', created: Math.floor(Date.UTC(2026, 10, 23, 12) / 1000) + 30 * 86400 });
    expect(res.stripeCalls).toBe(1);
    expect(w.stripe.calls.pop()).toMatchObject({ method: 'POST', path: '/v1/billing_portal/sessions' });
    expect(res.usage).toBeLessThanOrEqual(25);
    expect(w.account.get('customer', customerId).version).toBe(version);
    // each click is its own session
    const again = openLink(w, link);
    expect(again.headers.Location).not.toBe(res.headers.Location);
  });

  test('without a return URL on the config, Stripe\'s own default return URL applies (none is sent)', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_portal_return_url = '';
    expect(openLink(w, link).status).toBe(302);
    expect(sessions().pop()!.return_url).toBeNull();
  });

  test('the link does not change from sync to sync; syncs spend no Stripe call on the portal', () => {
    w.account.get('customer', customerId).fields.phone = '+1 555 0199';
    const r = clickSync(w, customerId);
    expect(r.stripeCalls).toBe(1);
    massSync(w);
    expect(w.account.get('customer', customerId).fields[CUSTOMER.portalUrl]).toBe(link);
    expect(sessions()).toHaveLength(0);
  });

  test('a customer of a subsidiary served by the second config opens the second Stripe account', () => {
    const eu = w.account.addCustomer({ companyname: 'Euro GmbH', email: 'ap@euro.test', subsidiary: String(w.europe) });
    clickSync(w, eu);
    const euLink = String(w.account.get('customer', eu).fields[CUSTOMER.portalUrl]);
    expect(tokenOf(euLink)).toMatch(new RegExp(`^${eu}\\.${w.europeConfig}\\.\\d{8}\\.[0-9a-f]{32}$`));
    const res = openLink(w, euLink);
    expect(res.status).toBe(302);
    expect(sessions(w.euStripe).pop()).toMatchObject({ customer: w.account.get('customer', eu).fields[CUSTOMER.stripeId] });
    expect(sessions()).toHaveLength(0);
  });

  test('re-linked to another Stripe customer, the same link opens the portal of the new one', () => {
    const other = w.stripe.seedCustomer({ email: 'new@portal.test', name: 'Portal Co (new)' });
    const c = w.account.get('customer', customerId).fields;
    c[CUSTOMER.stripeId] = '';
    c.email = 'new@portal.test';
    clickSync(w, customerId);
    expect(stripeId()).toBe(other.id);
    expect(w.account.get('customer', customerId).fields[CUSTOMER.portalUrl]).toBe(link);
    expect(openLink(w, link).status).toBe(302);
    expect(sessions().pop()!.customer).toBe(other.id);
  });
});

describe('links that must not open', () => {
  test('forged, truncated and changed tokens get the plain page, no Stripe call and no record', () => {
    const token = tokenOf(link);
    const forged = link.replace(token, `${customerId}.${w.parentConfig}.${'0'.repeat(32)}`);
    const otherCustomer = link.replace(token, token.replace(/^\d+/, String(customerId + 1)));
    for (const bad of [forged, link.slice(0, -5), otherCustomer, link.replace(/&token=.*$/, ''), link.replace(token, '<script>')]) {
      const res = openLink(w, bad);
      expectPlainPage(res, UNAVAILABLE);
      expect(res.stripeCalls).toBe(0);
    }
    expect(syncLogRows(w)).toEqual([]);
    expect(w.account.logs.filter((l) => l.title === 'PayPack portal link not opened')).toHaveLength(5);
  });

  test('revoked: the admin blanks the link, the old token stops working at once; the next sync makes a new one', () => {
    w.account.get('customer', customerId).fields[CUSTOMER.portalUrl] = '';
    expectPlainPage(openLink(w, link), UNAVAILABLE);
    clickSync(w, customerId);
    const fresh = String(w.account.get('customer', customerId).fields[CUSTOMER.portalUrl]);
    expect(fresh).not.toBe(link);
    expectPlainPage(openLink(w, link), UNAVAILABLE);
    expect(openLink(w, fresh).status).toBe(302);
  });

  test('a customer no longer linked to Stripe: the plain page, and a sync log row that says what to do', () => {
    w.account.get('customer', customerId).fields[CUSTOMER.stripeId] = '';
    const res = openLink(w, link);
    expectPlainPage(res, UNAVAILABLE);
    expect(res.stripeCalls).toBe(0);
    expect(syncLogRows(w)).toEqual([expect.objectContaining({
      custrecord_pp_sl_customer: String(customerId), custrecord_pp_sl_config: String(w.parentConfig), custrecord_pp_sl_source: 'portal', custrecord_pp_sl_outcome: 'failed',
      custrecord_pp_sl_message: expect.stringContaining('not linked to a Stripe customer any more'),
    })]);
  });

  test('the portal not activated in Stripe: the customer sees the plain page, the admin learns where to activate it', () => {
    w.stripe.portalConfigured.test = false;
    const res = openLink(w, link);
    expectPlainPage(res, UNAVAILABLE);
    expect(res.stripeCalls).toBe(1);
    expect(syncLogRows(w)).toEqual([expect.objectContaining({
      custrecord_pp_sl_customer: String(customerId), custrecord_pp_sl_config: String(w.parentConfig), custrecord_pp_sl_stripe_id: stripeId(), custrecord_pp_sl_source: 'portal',
      custrecord_pp_sl_message: expect.stringContaining('Activate it in the Stripe Dashboard under Settings → Billing → Customer portal'),
    })]);
    w.stripe.portalConfigured.test = true;
    expect(openLink(w, link).status).toBe(302);
  });

  test('Stripe down: "try again later" at once (no waiting while the customer looks at the page), and a log row', () => {
    w.stripe.failNext({ status: 500, count: 5 });
    const res = openLink(w, link);
    expectPlainPage(res, TRY_LATER);
    expect(res.stripeCalls).toBe(1);
    expect(syncLogRows(w)).toEqual([expect.objectContaining({ custrecord_pp_sl_source: 'portal', custrecord_pp_sl_message: expect.stringContaining('Stripe did not answer in time') })]);
  });

  test('the Stripe customer deleted in Stripe: the plain page, and the admin is told to re-link', () => {
    w.stripe.store().customers.get(stripeId())!.deleted = true;
    expectPlainPage(openLink(w, link), UNAVAILABLE);
    expect(syncLogRows(w)[0].custrecord_pp_sl_message).toContain('Blank STRIPE CUSTOMER ID and sync the customer');
  });

  test('an inactive config: the plain page, no Stripe call, a log row', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.isinactive = true;
    const res = openLink(w, link);
    expectPlainPage(res, UNAVAILABLE);
    expect(res.stripeCalls).toBe(0);
    expect(syncLogRows(w)[0].custrecord_pp_sl_message).toContain('no longer exists or is inactive');
  });

  test('the token never appears in a log, a record or a page; no secret leaks', () => {
    w.stripe.portalConfigured.test = false;
    openLink(w, link);
    w.account.get('customer', customerId).fields[CUSTOMER.stripeId] = '';
    openLink(w, link);
    openLink(w, link.replace(/.{4}$/, 'ffff'));
    const token = tokenOf(link);
    const everywhere = [
      ...w.account.logs.map((l) => `${l.title} ${l.details}`),
      ...syncLogRows(w).map((r) => JSON.stringify(r)),
    ].join('\n');
    expect(everywhere).not.toContain(token);
    expect(everywhere).not.toContain(token.split('.')[2]);
    expect(w.account.findSecretLeaks()).toEqual([]);
  });

  test('the execution log says why a link that is not ours did not open', () => {
    openLink(w, link.replace(/&token=.*$/, '&token=cut'));
    openLink(w, link.replace(/.{4}$/, 'ffff'));
    expect(w.account.logs.filter((l) => l.title === 'PayPack portal link not opened').map((l) => l.details)).toEqual([
      expect.stringContaining('the link carries no PayPack portal token (cut or changed)'),
      expect.stringContaining(`customer ${customerId} has no such portal link: it was revoked (blanked, then a new one made by a sync) or never issued`),
    ]);
  });

  test('the config no longer serves the customer\'s subsidiary: the plain page, no Stripe call, a log row that says how to get a new link', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_subsidiaries = [String(w.europe)];
    w.account.caches.clear();
    const res = openLink(w, link);
    expectPlainPage(res, UNAVAILABLE);
    expect(res.stripeCalls).toBe(0);
    expect(syncLogRows(w)[0].custrecord_pp_sl_message).toBe(`Portal link of customer ${customerId}: PayPack Config Parent Stripe no longer serves the customer's primary subsidiary (${w.parent}). Blank Stripe Customer Portal URL on the customer and sync it to make a link for its current PayPack Config.`);
  });

  test('Stripe slow (429) or unreachable: "try again later", as for a 500', () => {
    for (const fault of [{ status: 429 }, { network: 'timeout' as const }, { network: 'connect' as const }]) {
      w.stripe.failNext({ ...fault, count: 5 });
      expectPlainPage(openLink(w, link), TRY_LATER);
      w.stripe.clearFaults();
    }
    expect(syncLogRows(w).map((r) => r.custrecord_pp_sl_message)).toEqual(Array(3).fill(expect.stringContaining('Stripe did not answer in time')));
  });

  test('Stripe refusing the session for another reason: the plain page, and Stripe\'s words for the admin', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_portal_return_url = 'not a url';
    w.account.caches.clear();
    expectPlainPage(openLink(w, link), UNAVAILABLE);
    expect(syncLogRows(w)[0].custrecord_pp_sl_message).toMatch(new RegExp(`^Portal link of customer ${customerId}: Stripe refused the portal session: Not a valid URL \\(url_invalid, param return_url`));
  });

  test('an API secret the portal may not use: the plain page, and the admin is told which secret to check', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_secret = 'custsecret_pp_gone';
    w.account.caches.clear();
    const res = openLink(w, link);
    expectPlainPage(res, UNAVAILABLE);
    expect(res.stripeCalls).toBe(0);
    expect(syncLogRows(w)[0].custrecord_pp_sl_message).toBe(`Portal link of customer ${customerId}: the Stripe key of PayPack Config Parent Stripe could not be used (INVALID_SECRET_KEY: The API secret custsecret_pp_gone does not exist or this script may not use it.). Check API secret custsecret_pp_gone (Setup > Company > API Secrets) allows the PayPack Customer Portal script.`);
  });
});

describe('the link token and the pages', () => {
  const hex = 'a'.repeat(32);
  test('ids of any length up to 12 digits, the issue day (none on links made before it was carried); nothing before or after the token; anything else is refused when made', () => {
    expect(readLinkToken(`123456789012.34.20261123.${hex}`)).toEqual({ recordId: '123456789012', configId: '34', issued: '20261123' });
    expect(readLinkToken(`123456789012.34.${hex}`)).toEqual({ recordId: '123456789012', configId: '34', issued: '' });
    for (const bad of [`x1.2.${hex}`, `1.2.${hex}x`, `1.2.${hex}.3`, `1.2.${'A'.repeat(32)}`, `1234567890123.2.${hex}`, `1.2.2026112.${hex}`]) expect(readLinkToken(bad)).toBeUndefined();
    expect(linkToken('7', '12', hex, new Date(Date.UTC(2026, 10, 23, 23, 59)))).toBe(`7.12.20261123.${hex}`);
    expect(() => linkToken('7', 'x', hex, new Date())).toThrow('A link token needs numeric ids and 32 random hex characters.');
    expect(() => linkToken('7', '12', hex.slice(1), new Date())).toThrow('A link token needs numeric ids and 32 random hex characters.');
  });

  test('a link\'s age against the config\'s Maximum Link Age: none set, links never age; set, an undated link is too old', () => {
    const day = Date.UTC(2026, 10, 23);
    expect(linkTooOld('20261123', 0, day + 400 * 86400e3)).toBe(false);
    expect(linkTooOld('', 0, day)).toBe(false);
    expect(linkTooOld('20261123', 30, day + 30 * 86400e3)).toBe(false);
    expect(linkTooOld('20261123', 30, day + 30 * 86400e3 + 1)).toBe(true);
    expect(linkTooOld('', 30, day)).toBe(true);
  });

  test('a stored link is ours only for its own record and config', () => {
    const stored = `https://x.test/app/site/hosting/scriptlet.nl?script=1&deploy=1&token=7.12.${hex}`;
    expect(isLinkFor(stored, '7', '12')).toBe(true);
    expect(isLinkFor(stored, '8', '12')).toBe(false);
    expect(isLinkFor(stored, '7', '13')).toBe(false);
    expect(isLinkFor('https://billing.stripe.com/p/session/test_abc', '7', '12')).toBe(false);
  });

  test('the pages say what to do in their title; a redirect page escapes the URL it opens', () => {
    expect(portalPage('try-later')).toContain('<title>Please try again in a few minutes</title>');
    expect(portalPage('unavailable')).toContain('<h1 style="font-size:1.4em">This link is not available</h1>');
    const page = redirectPage('https://billing.stripe.com/p/session/x?a=1&b="<script>');
    expect(page).toContain('content="0;url=https://billing.stripe.com/p/session/x?a=1&amp;b=&quot;&lt;script>"');
    expect(page).toContain('<a href="https://billing.stripe.com/p/session/x?a=1&amp;b=&quot;&lt;script>">Open your billing portal</a>');
    expect(page).not.toContain('"<script>');
  });
});
