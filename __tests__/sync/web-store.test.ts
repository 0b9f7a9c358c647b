/**
 * Issue 41, item 6: the customer user event makes no Stripe customer for a web store sign-up (anyone
 * on the internet can sign up) unless the admin asks for it on the config.
 */
import { runSubmit } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { CONFIG, CUSTOMER, RECORD, SCRIPT } from '../../src/core/ids';
import { syncWorld, SyncWorld } from './setup';

let w: SyncWorld;
beforeEach(() => {
  w = syncWorld();
});

/** A customer made in the given context; the compiled customer user event runs. */
function signUp(context: string, email: string) {
  const calls = w.stripe.calls.length;
  const run = runSubmit(compiled('pp_ue_customer'), { scriptId: SCRIPT.ueCustomer.scriptId }, {
    type: 'create', recordType: 'customer', executionContext: context, values: { isperson: false, companyname: email, email, subsidiary: String(w.parent) },
  });
  return { ...run, stripeCalls: w.stripe.calls.length - calls, stripeId: String(w.account.get('customer', run.id).fields[CUSTOMER.stripeId] ?? '') };
}

test('a web store sign-up: no Stripe customer while Auto-Sync Web Store Sign-Ups is off (the default); the execution log says why', () => {
  const shopper = signUp('WEBSTORE', 'shopper@web.test');
  expect([shopper.stripeCalls, shopper.stripeId]).toEqual([0, '']);
  expect(w.account.logs.pop()).toMatchObject({ title: 'PayPack auto-sync skipped', details: expect.stringContaining('A web store sign-up: Auto-Sync Web Store Sign-Ups is off in PayPack Config') });
  // a customer an employee makes in the UI is synced as before
  expect(signUp('USERINTERFACE', 'clerk-made@web.test').stripeId).toMatch(/^cus_/);
});

test('the admin asks for it: web store sign-ups are synced too', () => {
  w.account.write(RECORD.config, { [CONFIG.autoSyncWebStore]: true }, { id: w.parentConfig });
  w.account.caches.clear();
  expect(signUp('WEBSTORE', 'shopper@web.test').stripeId).toMatch(/^cus_/);
});
