/**
 * The sync's rules on their own, where a flow test would need many set-ups to reach them: what a
 * saved search column sends, what an admin reads for each failure, and the hashes that sign and key.
 */
import * as crypto from 'crypto';
import { mapColumns, MappingError, withoutEmpty, ColumnValue } from '../../src/core/mapping';
import { describeFailure, isExpectedFailure } from '../../src/core/sync';
import { encodeForm } from '../../src/core/stripe/form';
import { MassPorts, MassWork, syncMassItem, syncPrimary, SyncPorts } from '../../src/core/sync-flow';
import { StripeError } from '../../src/core/stripe/client';
import { constantTimeEqual, hmacSha256Hex, sha256Hex } from '../../src/core/sha256';

const ctx = { customerId: '7', customerName: 'Acme', subsidiaryId: '1', syncField: 'email', searchId: 'customsearch_pp' };
const col = (label: string, value: unknown, field = label, text?: string): ColumnValue => ({ label, field, value, text });
const mapped = (columns: ColumnValue[], c = ctx) => mapColumns([col('email', 'ap@acme.test'), ...columns], c).params;
const refusal = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(MappingError); expect((e as Error).name).toBe('MappingError'); return (e as Error).message; } throw new Error('not refused'); };

describe('a saved search row as Stripe parameters', () => {
  test('values go trimmed; a select sends its text; a checkbox true or false; a multi-select its values; nothing as empty', () => {
    expect(mapped([col('name', '  Acme Inc  '), col('address[country]', '230', 'billcountry', 'DE'), col('metadata[vip]', true), col('metadata[opt_in]', false),
      col('metadata[tags]', ['a', 'b']), col('phone', null), col('description', undefined), col('metadata[zip]', '01234', 'zip', '01234')])).toEqual({
      email: 'ap@acme.test', name: 'Acme Inc', address: { country: 'DE' }, phone: '', description: '',
      metadata: { vip: 'true', opt_in: 'false', tags: 'a, b', zip: '01234', netsuite_customer_id: '7', netsuite_subsidiary_id: '1' },
    });
    expect(mapped([col('metadata[code]', '12a', 'code', 'Twelve')]).metadata).toMatchObject({ code: '12a' }); // not an id: the value itself
    expect(mapped([col('metadata[code]', 'a12', 'code', 'Twelve')]).metadata).toMatchObject({ code: 'a12' });
  });

  test('nested labels build nested parameters; preferred_locales up to index 99; PayPack\'s own metadata cannot be set by a column', () => {
    expect(mapped([col('shipping[address][city]', 'Berlin'), col('shipping[name]', 'Dock'), col('preferred_locales[0]', 'de'), col('preferred_locales[10]', 'en'),
      col('metadata[netsuite_customer_id]', '999'), col('metadata[netsuite_subsidiary_id]', '999'), col('balance', '100'), col('Customer ID', 'x')])).toEqual({
      email: 'ap@acme.test', shipping: { address: { city: 'Berlin' }, name: 'Dock' }, preferred_locales: Object.assign([], { 0: 'de', 10: 'en' }),
      metadata: { netsuite_customer_id: '7', netsuite_subsidiary_id: '1' },
    });
    // a list begun at a later index has nothing before it; a whole address is no Stripe parameter (not sent), its parts are
    expect(mapped([col('preferred_locales[1]', 'fr'), col('address', 'Main St 1'), col('address[city]', 'Paris')])).toEqual({
      email: 'ap@acme.test', preferred_locales: Object.assign([], { 1: 'fr' }), address: { city: 'Paris' }, metadata: { netsuite_customer_id: '7', netsuite_subsidiary_id: '1' },
    });
  });

  test('a metadata key that begins with digits is a key, not a list index: Stripe receives it and PayPack\'s own ids', () => {
    const params = mapped([col('metadata[1099_type]', 'NEC')]);
    expect(encodeForm(params)).toBe('email=ap%40acme.test&metadata%5B1099_type%5D=NEC&metadata%5Bnetsuite_customer_id%5D=7&metadata%5Bnetsuite_subsidiary_id%5D=1');
  });

  test('the 500-character limit is metadata\'s: a longer value in another column is left for Stripe to judge', () => {
    const long = 'Ships to the loading dock. '.repeat(22).trim();
    expect(long.length).toBeGreaterThan(500);
    expect(mapped([col('description', long), col('address[line1]', long)])).toMatchObject({ description: long, address: { line1: long } });
  });

  test('metadata keys of 40 characters and values of 500 go; longer ones are refused with the column and what to do', () => {
    const key40 = 'k'.repeat(40);
    expect(mapped([col(`metadata[${key40}]`, 'v'.repeat(500))]).metadata).toMatchObject({ [key40]: 'v'.repeat(500) });
    expect(refusal(() => mapped([col(`metadata[${key40}x]`, 'v')]))).toBe(`Column "metadata[${key40}x]" of saved search customsearch_pp names a Stripe metadata key of 41 characters; Stripe allows 40. Shorten the column label.`);
    expect(refusal(() => mapped([col('metadata[note]', 'v'.repeat(501))]))).toBe('Column "metadata[note]" of saved search customsearch_pp holds 501 characters for customer Acme (internal id 7); Stripe metadata values hold at most 500. Shorten the value in NetSuite or send a shorter formula column.');
  });

  test('an email that is not one is refused, in a column or as the sync field; a customer without one is told what to fill', () => {
    for (const bad of ['ap@acme', 'ap acme@x.test', 'ap@acme.test junk', '<ap@acme.test>']) {
      expect(refusal(() => mapColumns([col('email', bad)], ctx))).toBe(`The email "${bad}" of customer Acme (internal id 7) is not a valid email address. Correct it on the customer and sync again.`);
      expect(refusal(() => mapColumns([col('Email', bad, 'email')], ctx))).toBe(`The email "${bad}" of customer Acme (internal id 7) is not a valid email address. Correct it on the customer and sync again.`);
    }
    expect(mapColumns([col('Email', ' ap@acme.test ', 'email')], ctx)).toEqual({ params: { metadata: { netsuite_customer_id: '7', netsuite_subsidiary_id: '1' } }, syncValue: 'ap@acme.test' });
    expect(refusal(() => mapColumns([col('email', '')], ctx))).toBe('Customer Acme (internal id 7) has no email, and email is the sync field that finds its Stripe customer. Enter an email on the customer (or fill STRIPE CUSTOMER ID) and sync again.');
  });

  test('another sync field: its value goes to metadata under its id; missing or over 500 characters is refused', () => {
    const byId = { ...ctx, syncField: 'entityid' };
    expect(mapColumns([col('Entity', ' C-100 ', 'entityid'), col('email', '')], byId)).toEqual({ params: { email: '', metadata: { entityid: 'C-100', netsuite_customer_id: '7', netsuite_subsidiary_id: '1' } }, syncValue: 'C-100' });
    expect(refusal(() => mapColumns([col('email', 'ap@acme.test')], byId))).toBe('Customer Acme (internal id 7) has no value in entityid, the sync field that finds its Stripe customer. Fill it (or STRIPE CUSTOMER ID) and sync again, or add the field as a column of saved search customsearch_pp.');
    expect(refusal(() => mapColumns([col('Entity', 'x'.repeat(501), 'entityid')], byId))).toBe('The entityid of customer Acme (internal id 7) is longer than Stripe metadata allows (500).');
    expect(mapColumns([col('Entity', 'x'.repeat(500), 'entityid')], byId).syncValue).toHaveLength(500);
    // the email column is still checked when it is not the sync field
    expect(refusal(() => mapColumns([col('Entity', 'C-100', 'entityid'), col('email', 'ap@acme')], byId))).toBe('The email "ap@acme" of customer Acme (internal id 7) is not a valid email address. Correct it on the customer and sync again.');
  });

  test('on create, empty values are left out at every depth', () => {
    expect(withoutEmpty({ email: 'a@b.test', phone: '', name: null, description: undefined, address: { line1: '', city: 'Austin' }, shipping: { address: { line1: '' } }, preferred_locales: ['', 'de'], metadata: { a: '' } }))
      .toEqual({ email: 'a@b.test', address: { city: 'Austin' }, preferred_locales: ['de'] });
    expect(withoutEmpty({ preferred_locales: [''] })).toEqual({});
  });
});

describe('what an admin reads when a sync fails', () => {
  const stripe = (status: number, message: string, code?: string) => new StripeError(message, status, status === 0 ? 'api_connection_error' : 'invalid_request_error', code, undefined, 'req_1');
  test('each kind of failure, with what to do; never the key', () => {
    expect(describeFailure(stripe(403, 'This key may not write customers.'), 'custsecret_pp')).toBe('The Stripe key in API secret custsecret_pp may not do this (403): This key may not write customers. Give the restricted key write access to Customers and Customer portal.');
    for (const status of [0, 429, 503]) expect(describeFailure(stripe(status, 'slow'), 'custsecret_pp')).toMatch(/^Stripe did not answer in time \(.*\)\. Nothing was lost: the next mass sync retries, or click PayPack Sync again\.$/);
    expect(describeFailure(stripe(429, 'slow'), 'custsecret_pp', '')).toMatch(/^Stripe did not answer in time \(.*\)\.$/);
    expect(describeFailure(stripe(400, 'Invalid email', 'email_invalid'), 'custsecret_pp')).toMatch(/^Stripe refused the request: Invalid email/);
    const secret = Object.assign(new Error('The API secret custsecret_pp does not exist.'), { name: 'INVALID_SECRET_KEY' });
    expect(describeFailure(secret, 'custsecret_pp')).toBe('The API secret custsecret_pp named by the PayPack Config cannot be used: The API secret custsecret_pp does not exist. Create it under Setup > Company > API Secrets, allow the PayPack scripts and the domain api.stripe.com.');
    expect(describeFailure(Object.assign(new Error('x'), { name: 'SSS_USAGE_LIMIT_EXCEEDED' }), 's')).toBe('SSS_USAGE_LIMIT_EXCEEDED: x');
    expect(describeFailure({ message: 'no name' }, 's')).toBe('no name');
    expect(describeFailure('text', 's')).toBe('text');
    expect(describeFailure(null, 's')).toBe('null');
  });
  test('a governance limit is NetSuite\'s to handle; PayPack\'s own failures are reported', () => {
    expect(isExpectedFailure(Object.assign(new Error('x'), { name: 'SSS_USAGE_LIMIT_EXCEEDED' }))).toBe(false);
    expect(isExpectedFailure(new TypeError('bug'))).toBe(false);
    expect(isExpectedFailure(null)).toBe(false);
    expect(isExpectedFailure(stripe(500, 'x'))).toBe(true);
    expect(isExpectedFailure(Object.assign(new Error('x'), { name: 'SSS_SECRET_DOMAIN_RESTRICTED' }))).toBe(true);
  });
});

describe('a failure that is not PayPack\'s goes to NetSuite, not into the sync log', () => {
  // NetSuite stopping the script (or a bug) is no fault of the customer's: it is left to NetSuite (in the
  // mass sync a map error, and the key tried again), where a "failed" sync log row would hide it
  const stopped = () => Object.assign(new Error('Script Execution Usage Limit Exceeded'), { name: 'SSS_USAGE_LIMIT_EXCEEDED' });
  test('the button and auto-sync', () => {
    const logged: unknown[] = [];
    const ports = { primarySubsidiary: () => { throw stopped(); }, logFailure: (f: unknown) => logged.push(f) } as unknown as SyncPorts;
    expect(() => syncPrimary(ports, '7', 'button')).toThrow('Script Execution Usage Limit Exceeded');
    expect(logged).toEqual([]);
  });
  test('the mass sync', () => {
    const logged: unknown[] = [];
    const written: unknown[] = [];
    const ports = { stripe: () => { throw stopped(); }, logFailure: (f: unknown) => logged.push(f), writeCustomer: (...a: unknown[]) => written.push(a), writeLink: (...a: unknown[]) => written.push(a), now: () => new Date(0) } as unknown as MassPorts;
    const work: MassWork = { customerId: '7', name: 'Acme', subsidiaryId: '1', primary: true, config: { id: '1', name: 'Stripe', secretId: 'custsecret_pp_stripe_sk', syncField: 'email', massSearchId: '' },
      columns: [{ label: 'email', field: 'email', value: 'ap@acme.test' }], stripeId: '', syncHash: '', portalUrl: '', createdAt: 0 };
    expect(() => syncMassItem(ports, work)).toThrow('Script Execution Usage Limit Exceeded');
    expect(logged).toEqual([]);
    expect(written).toEqual([]);
  });
});

describe('the hashes that sign webhooks and key requests match Node\'s', () => {
  const texts = ['', 'a', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(1000), 'é€', 'Søn 株式会社', '😀 emoji', '\u0080\u07ff\u0800\uffff', 'lone \ud83d surrogate', 'lone \ude00 low', 'end \ud83d',
    // each surrogate boundary: the first and last high and low, two lows, a high before a non-surrogate, U+10000 and U+10FFFF
    '\ud800', '\udbff', '\udc00', '\udfff', '\ude00\ude00', '\ud800\ue000', '\ud800\udfff', '\udbff\udfff', '\u{10000}', '\ud7ff\ue000'];
  test('SHA-256 and HMAC-SHA256 of any text, with keys short, of 64 bytes and longer', () => {
    for (const t of texts) {
      expect(sha256Hex(t)).toBe(crypto.createHash('sha256').update(t, 'utf8').digest('hex'));
      for (const key of ['whsec_k', 'k'.repeat(64), 'k'.repeat(65), 'ключ'.repeat(20)]) expect(hmacSha256Hex(key, t)).toBe(crypto.createHmac('sha256', key).update(t, 'utf8').digest('hex'));
    }
  });
  test('the constant-time compare: equal only when every character and the length are', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    for (const [a, b] of [['abc', 'abd'], ['abc', 'ab'], ['ab', 'abc'], ['', 'a'], ['abcabc', 'abc'], ['xbc', 'abc']]) expect(constantTimeEqual(a, b)).toBe(false);
  });
});
