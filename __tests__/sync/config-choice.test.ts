/** Which PayPack Config serves a subsidiary, and the words an admin reads when none or two do. */
import { checkConfig, ConfigError, configForSubsidiary, configsBySubsidiary, PayPackConfig } from '../../src/core/config';

const config = (id: string, name: string, subsidiaries: string[], secretId = 'custsecret_pp_stripe_sk'): PayPackConfig => ({
  id, name, subsidiaries, secretId, syncField: 'email', syncSearchId: '', massSearchId: '', defaultPmSearchId: '', autoSync: false,
  webhookEnabled: false, webhookId: '', portalReturnUrl: '',
  books: { post: false, paymentMethod: '', bankAccount: '', feeAccount: '', clearingAccount: '', refundItem: '' },
});
const sub = (id: string) => ({ id, name: `Sub ${id}` });

test('an account without subsidiaries: the one config that names none serves every customer, the button and the mass sync alike', () => {
  const only = config('1', 'Stripe', []);
  expect(configForSubsidiary([only], sub('1'), 'customer 7')).toBe(only);
  expect(configsBySubsidiary([only])('1')).toBe(only);
});

test('a config naming the subsidiary wins over one that names none', () => {
  const all = config('1', 'Rest of world', []);
  const eu = config('2', 'Europe', ['5']);
  expect(configForSubsidiary([all, eu], sub('5'), 'customer 7')).toBe(eu);
  expect(configForSubsidiary([all, eu], sub('9'), 'customer 7')).toBe(all);
  expect(configsBySubsidiary([all, eu])('5')).toBe(eu);
  expect(configsBySubsidiary([all, eu])('9')).toBe(all);
});

test('two configs for one subsidiary: the button names both, the mass sync skips the subsidiary', () => {
  const a = config('1', 'Parent Stripe', ['3']);
  const b = config('4', 'Europe Stripe', ['3', '5']);
  expect(() => configForSubsidiary([a, b], sub('3'), 'customer 7')).toThrow(new ConfigError(
    '2 PayPack Configs serve subsidiary Sub 3 of customer 7: Parent Stripe (id 1), Europe Stripe (id 4). A subsidiary may belong to one Stripe account only: remove it from all but one.'));
  expect(configsBySubsidiary([a, b])('3')).toBeUndefined();
  expect(configsBySubsidiary([a, b])('5')).toBe(b);
  expect(configsBySubsidiary([config('1', 'x', []), config('2', 'y', [])])('3')).toBeUndefined();
  expect(configsBySubsidiary([a])('8')).toBeUndefined();
});

test('an API secret id that is not a script id is refused with what to enter; the error says it is the config\'s', () => {
  for (const good of ['custsecret_pp_stripe_sk', 'CUSTSECRET_PP_LIVE', 'custsecretstripe']) expect(checkConfig(config('1', 'Stripe', [], good)).secretId).toBe(good);
  // ids that merely contain "sk_" or "whsec_" are repeated: only a value that starts like a key is a key
  for (const bad of ['', 'my custsecret_pp', 'custsecret_pp stripe', 'custsecret_pp-1', 'task_sk_1', 'old_whsec_id']) {
    let thrown: unknown;
    try { configForSubsidiary([config('1', 'Stripe', [], bad)], sub('1'), 'customer 7'); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).name).toBe('ConfigError');
    const what = bad ? `no valid API secret id ("${bad}") in Stripe Secret Key (API Secret ID)` : 'a blank Stripe Secret Key (API Secret ID)';
    expect((thrown as Error).message).toBe(`PayPack Config Stripe (id 1) has ${what}. Enter the script id of the API secret that holds the Stripe key, e.g. custsecret_pp_stripe_sk.`);
  }
});

test('a new config refused on its first save has no id yet: the message names it by its name only', () => {
  expect(() => checkConfig(config('', 'Stripe EU', [], 'stripe key'))).toThrow(
    'PayPack Config Stripe EU has no valid API secret id ("stripe key") in Stripe Secret Key (API Secret ID). Enter the script id of the API secret that holds the Stripe key, e.g. custsecret_pp_stripe_sk.');
});

test('a Stripe key pasted into the API secret id field is never repeated in the message', () => {
  for (const key of [`sk_live_${'x'.repeat(24)}`, ` rk_test_${'y'.repeat(24)}`, `whsec_${'z'.repeat(32)}`]) {
    expect(() => checkConfig(config('1', 'Stripe', [], key))).toThrow(
      'PayPack Config Stripe (id 1) has a Stripe key where the id of its API secret belongs. Enter the script id of the API secret that holds the Stripe key, e.g. custsecret_pp_stripe_sk, and roll that key in the Stripe Dashboard: it was typed into a record.');
  }
});
