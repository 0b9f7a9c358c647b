/** 10,000 customers in one mass sync run: every stage stays inside NetSuite's limits. */
import { CUSTOMER } from '../../src/core/ids';
import { massSync, syncWorld } from './setup';

test('10,000 customers, half of them also in a second subsidiary, finish without a governance error', () => {
  const w = syncWorld();
  for (let i = 0; i < 10000; i++) {
    w.account.addCustomer({ companyname: `Customer ${i}`, email: `c${i}@scale.test`, subsidiary: String(w.parent), subsidiaries: i % 2 ? [w.europe] : [] });
  }
  const run = massSync(w);
  expect(run.inputError).toBeUndefined();
  expect(run.mapErrors).toEqual([]);
  expect(run.summarizeError).toBeUndefined();
  expect(run.input).toHaveLength(15000);
  expect(run.usage.getInputData).toBeLessThan(10000);
  const primary = run.input.map((p) => (JSON.parse(p.value) as { primary: boolean }).primary);
  expect(Math.max(...run.usage.map.filter((_, i) => primary[i]))).toBeLessThanOrEqual(25);
  // a second subsidiary's first sync creates its customer link record: 2 + 4 units instead of submitFields' 5
  expect(Math.max(...run.usage.map.filter((_, i) => !primary[i]))).toBe(26);
  expect(run.usage.summarize).toBeLessThan(10000);
  expect(w.stripe.store().customers.size).toBe(10000);
  expect(w.euStripe.store().customers.size).toBe(5000);
  expect(w.account.all('customer').every((c) => String(c.fields[CUSTOMER.stripeId]).startsWith('cus_'))).toBe(true);
  console.log(`10,000 customers: getInputData ${run.usage.getInputData} units, map max ${Math.max(...run.usage.map)}, summarize ${run.usage.summarize}`);
}, 300000);
