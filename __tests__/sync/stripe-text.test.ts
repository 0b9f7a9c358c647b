/** Text PayPack sends to Stripe or keeps: search values, and the parameter fingerprint stored on each customer. */
import { searchValue } from '../../src/core/stripe/customers';
import { canonicalParams, encodeForm } from '../../src/core/stripe/form';

test('a search value with quotes and backslashes reaches Stripe\'s search escaped, so it matches only itself', () => {
  expect(searchValue('ACME "West"')).toBe('"ACME \\"West\\""');
  expect(searchValue('C:\\billing\\')).toBe('"C:\\\\billing\\\\"');
  expect(searchValue('"')).toBe('"\\""');
});

test('the fingerprint text stays the same from version to version (it is stored: a new text would make every customer look changed)', () => {
  expect(canonicalParams({ name: 'Acme', metadata: { b: '2', a: 1 }, preferred_locales: ['en', 'fr'], phone: null, email: undefined, tax_exempt: true }))
    .toBe('{"email":null,"metadata":{"a":"1","b":"2"},"name":"Acme","phone":null,"preferred_locales":["en","fr"],"tax_exempt":"true"}');
  expect(canonicalParams({ b: '1', a: '2' })).toBe(canonicalParams({ a: '2', b: '1' }));
  expect(canonicalParams({ a: ['1', '2'] })).not.toBe(canonicalParams({ a: ['12'] }));
});

test('form encoding: nested keys, arrays, null as empty, undefined not sent', () => {
  expect(encodeForm({ customer: 'cus_1', return_url: undefined, metadata: { 'a b': 'x&y' }, expand: ['default_source'], phone: null }))
    .toBe('customer=cus_1&metadata%5Ba+b%5D=x%26y&expand%5B0%5D=default_source&phone=');
});
