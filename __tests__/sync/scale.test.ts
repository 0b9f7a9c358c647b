/** 10,000 customers in one mass sync run: every stage stays inside NetSuite's limits. */
import { CUSTOMER, SCRIPT } from '../../src/core/ids';
import { runMapReduce } from '../../emulator/netsuite';
import { compiled } from '../compiled';
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
}, 300000);

test('time per customer grows no faster with the run: 50,000 customers cost at most twice per customer what 10,000 do, in every phase after the map too', () => {
  /** One mass sync of n fresh customers: seconds per customer for the whole run, and for what comes after the last map call. */
  const perCustomer = (n: number) => {
    const w = syncWorld();
    for (let i = 0; i < n; i++) w.account.addCustomer({ companyname: `Customer ${i}`, email: `c${i}@grow.test`, subsidiary: String(w.parent) });
    let lastMap = 0;
    const started = performance.now();
    const run = runMapReduce(compiled('pp_mr_custsync'), { scriptId: SCRIPT.mrCustSync.scriptId }, { onMap: (done, total) => { if (done === total) lastMap = performance.now(); } });
    const ended = performance.now();
    expect(run.output).toHaveLength(n);
    return { whole: (ended - started) / n, afterMap: Math.max(ended - lastMap, 1) / n };
  };
  perCustomer(2000); // warm up the compiled files and the JIT
  const small = perCustomer(10000);
  const large = perCustomer(50000);
  // a cost that grows with the square of the run (the shuffle once copied every value list on each add) gives 5x per customer
  expect(large.whole / small.whole).toBeLessThan(2);
  // after the map: linear is 5x the time for 5x the customers, a square 25x (a floor of 250 ms for timer noise)
  expect(large.afterMap * 50000).toBeLessThan(Math.max(10 * small.afterMap * 10000, 250));
}, 300000);
