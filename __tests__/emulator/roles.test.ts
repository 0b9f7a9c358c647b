/**
 * Roles in the emulated account: a deployment's Execute As Role ("Executing Scripts Using a Specific
 * Role"), custom record permission lists ("Custom Record Type Permissions", SDF customrecordtype
 * accesstype / permissions), standard record permission keys ("Permission Names and IDs", SDF role
 * permkey / permlevel), custom field access ("Providing Roles with Access to a Custom Field in SDF").
 */
import * as record from 'N/record';
import * as search from 'N/search';
import * as runtime from 'N/runtime';
import { createWorld, World } from '../../emulator/world';
import { runSuitelet, UserInfo } from '../../emulator/netsuite';
import { CONFIG, RECORD, TRANSACTION } from '../../src/core/ids';

let w: World;
let sub: number;
let customer: number;
beforeEach(() => {
  w = createWorld();
  sub = w.account.addSubsidiary('Parent Co');
  customer = w.account.addCustomer({ companyname: 'Alpha', email: 'a@alpha.test', subsidiary: String(sub) });
});

/** Run fn as a Suitelet invocation of the given role (as a deployment's Execute As Role would). */
function as<T>(role: string, fn: () => T, extra: Partial<UserInfo> = {}): T {
  const user: UserInfo = { ...w.account.user, role, roleId: role, ...extra };
  return w.account.invoke({ kind: 'suitelet', executionContext: 'SUITELET', user }, fn);
}
function failure(fn: () => unknown): { name: string; message: string } | 'ok' {
  try { fn(); return 'ok'; } catch (e) { return { name: (e as Error).name, message: (e as Error).message }; }
}
const refused = (permission: string) => ({ name: 'INSUFFICIENT_PERMISSION', message: expect.stringMatching(new RegExp(`^Permission Violation: You need a higher level of the '${permission}' permission`)) });

describe('Execute As Role', () => {
  const whoAmI = { onRequest: (ctx: { response: { write(o: { output: string }): void } }) => ctx.response.write({ output: runtime.getCurrentUser().roleId }) };

  test('a deployment with a run-as role runs with it whoever calls; one without runs as the logged-in user\'s role', () => {
    const clerk: UserInfo = { ...w.account.user, id: 9, role: 'accountant', roleId: 'accountant' };
    expect(runSuitelet(whoAmI, { scriptId: 'customscript_pp_sl_pay' }, { user: clerk }).body).toBe('customrole_pp_pay');
    expect(runSuitelet(whoAmI, { scriptId: 'customscript_pp_sl_webhook' }, {}).body).toBe('customrole_pp_webhook');
    expect(runSuitelet(whoAmI, { scriptId: 'customscript_pp_sl_sync' }, { user: clerk }).body).toBe('accountant');
  });

  test('getPermission reads the role\'s permission keys', () => {
    expect(as('customrole_pp_pay', () => ['LIST_CUSTJOB', 'TRAN_CUSTINVC', 'TRAN_CUSTPYMT'].map((name) => runtime.getCurrentUser().getPermission({ name })))).toEqual([3, 1, 0]);
  });

  test('a role the account does not have fails loudly', () => {
    expect(failure(() => as('customrole_nobody', () => record.load({ type: 'customer', id: customer })))).toEqual({ name: 'Error', message: 'Role customrole_nobody is not installed in this account.' });
  });
});

describe('custom record types with a permission list (USEPERMISSIONLIST)', () => {
  test('VIEW searches and loads, nothing more', () => {
    const id = record.create({ type: RECORD.config }).setValue({ fieldId: 'name', value: 'Cfg' }).setValue({ fieldId: CONFIG.secret, value: 'custsecret_x' }).save();
    const seen = as('customrole_pp_pay', () => ({
      rows: search.create({ type: RECORD.config, columns: ['name'] }).run().getRange({ start: 0, end: 5 }).length,
      load: record.load({ type: RECORD.config, id }).getValue({ fieldId: 'name' }),
      edit: failure(() => record.submitFields({ type: RECORD.config, id, values: { name: 'Mine' } })),
      create: failure(() => record.create({ type: RECORD.config }).setValue({ fieldId: 'name', value: 'New' }).setValue({ fieldId: CONFIG.secret, value: 'custsecret_x' }).save()),
    }));
    expect(seen).toEqual({ rows: 1, load: 'Cfg', edit: refused('PayPack Config'), create: refused('PayPack Config') });
  });

  test('CREATE adds records but does not change them; EDIT changes but does not delete; FULL deletes', () => {
    const made = as('customrole_pp_pay', () => record.create({ type: RECORD.syncLog }).setValue({ fieldId: 'custrecord_pp_sl_message', value: 'x' }).save());
    expect(w.account.find(RECORD.syncLog, made)).toBeDefined();
    expect(failure(() => as('customrole_pp_pay', () => record.submitFields({ type: RECORD.syncLog, id: made, values: { custrecord_pp_sl_message: 'y' } })))).toEqual(refused('PayPack Sync Log'));
    const row = record.create({ type: RECORD.event }).setValue({ fieldId: 'custrecord_pp_evt_id', value: 'evt_1' }).save();
    expect(as('customrole_pp_webhook', () => record.submitFields({ type: RECORD.event, id: row, values: { custrecord_pp_evt_status: 'processed' } }))).toBe(row);
    expect(failure(() => as('customrole_pp_webhook', () => record.delete({ type: RECORD.event, id: row })))).toEqual(refused('PayPack Stripe Events'));
    record.delete({ type: RECORD.event, id: row }); // the Administrator: FULL
    expect(w.account.find(RECORD.event, row)).toBeUndefined();
  });

  test('a role not on the list gets nothing, not even a search', () => {
    expect(failure(() => as('customrole_pp_portal', () => search.create({ type: RECORD.event, columns: ['name'] }).run().getRange({ start: 0, end: 1 })))).toEqual(refused('PayPack Stripe Events'));
  });

  test('the other access types: no permission required, and the Custom Record Entries permission', () => {
    const def = w.account.recordTypes.get(RECORD.syncLog)!;
    def.accessType = 'NONENEEDED';
    expect(as('customrole_pp_webhook', () => record.create({ type: RECORD.syncLog }).save())).toBeGreaterThan(0);
    def.accessType = 'CUSTRECORDENTRYPERM';
    expect(failure(() => as('customrole_pp_webhook', () => record.create({ type: RECORD.syncLog }).save()))).toEqual(refused('Custom Record Entries'));
    expect(as('accountant', () => record.create({ type: RECORD.syncLog }).save(), { permissions: { LIST_CUSTRECORDENTRY: 2 } })).toBeGreaterThan(0);
  });
});

describe('standard records follow the role\'s permission keys', () => {
  test('Customers at VIEW: search and load, no change', () => {
    const seen = as('customrole_pp_portal', () => ({
      email: search.lookupFields({ type: 'customer', id: customer, columns: ['email'] }).email,
      load: record.load({ type: 'customer', id: customer }).getValue({ fieldId: 'companyname' }),
      edit: failure(() => record.submitFields({ type: 'customer', id: customer, values: { phone: '1' } })),
    }));
    expect(seen).toEqual({ email: 'a@alpha.test', load: 'Alpha', edit: refused('Customers') });
  });

  test('a record type the role has no key for is refused; one the emulator has no key for is refused loudly', () => {
    expect(failure(() => as('customrole_pp_portal', () => search.lookupFields({ type: 'invoice', id: 1, columns: ['tranid'] })))).toEqual(refused('Invoice'));
    expect(failure(() => as('customrole_pp_pay', () => record.load({ type: 'customerpayment', id: 1 })))).toEqual(refused('Customer Payment'));
    expect(failure(() => as('customrole_pp_pay', () => search.create({ type: 'vendor', columns: ['entityid'] }).run().getRange({ start: 0, end: 1 }))))
      .toEqual({ name: 'Error', message: expect.stringContaining('does not know which permission governs vendor records') });
  });

  test('a Transaction search needs Find Transaction, and shows only the types the role may view', () => {
    w.account.write('invoice', { entity: String(customer), tranid: 'INV1' });
    w.account.write('customerpayment', { customer: String(customer), tranid: 'PAY1' });
    const find = () => search.create({ type: 'transaction', columns: ['tranid'] }).run().getRange({ start: 0, end: 10 }).map((r) => r.getValue('tranid'));
    expect(failure(() => as('customrole_pp_pay', find))).toEqual(refused('Find Transaction'));
    expect(as('accountant', find, { permissions: { TRAN_FIND: 1, TRAN_CUSTINVC: 1 } })).toEqual(['INV1']);
    expect(find()).toEqual(['INV1', 'PAY1']);
  });
});

describe('custom field access (accesslevel / searchlevel, per role)', () => {
  test('a role the field gives no access sees it empty on a record, and may not search it or set it', () => {
    const inv = w.account.write('invoice', { entity: String(customer), tranid: 'INV1', [TRANSACTION.payUrl]: 'https://pay.example/x' }).id;
    const seen = as('accountant', () => ({
      value: record.load({ type: 'invoice', id: inv }).getValue({ fieldId: TRANSACTION.payUrl }),
      search: failure(() => search.lookupFields({ type: 'invoice', id: inv, columns: [TRANSACTION.payUrl] })),
      set: failure(() => record.submitFields({ type: 'invoice', id: inv, values: { [TRANSACTION.payUrl]: '' } })),
    }), { role: 'bookkeeper', permissions: { TRAN_CUSTINVC: 4 } });
    expect(seen).toEqual({
      value: '',
      search: { name: 'SSS_INVALID_SRCH_COL', message: `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${TRANSACTION.payUrl}.` },
      set: { name: 'INSUFFICIENT_PERMISSION', message: expect.stringContaining(`may not edit the field ${TRANSACTION.payUrl}`) },
    });
  });

  test('a role given view and search reads it and finds by it, but may not set it; a role named in the field gets exactly what it says, the Administrator too', () => {
    const inv = w.account.write('invoice', { entity: String(customer), tranid: 'INV1', [TRANSACTION.payUrl]: 'https://pay.example/x' }).id;
    expect(as('customrole_pp_pay', () => search.lookupFields({ type: 'invoice', id: inv, columns: [TRANSACTION.payUrl] }))).toEqual({ [TRANSACTION.payUrl]: 'https://pay.example/x' });
    expect(failure(() => as('customrole_pp_pay', () => record.submitFields({ type: 'invoice', id: inv, values: { [TRANSACTION.payUrl]: '' } })))).toMatchObject({ name: 'INSUFFICIENT_PERMISSION' });
    // the signing secret: the Administrator may write it but not search it (its searchlevel is 0)
    expect(failure(() => search.create({ type: RECORD.config, columns: [CONFIG.webhookSecret] }).run().getRange({ start: 0, end: 1 }))).toMatchObject({ name: 'SSS_INVALID_SRCH_COL' });
  });
});
