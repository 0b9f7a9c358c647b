/** The NetSuite account double behaves as NetSuite documents: state, governance, searches, secrets, runners. */
import * as record from 'N/record';
import * as search from 'N/search';
import * as https from 'N/https';
import * as crypto from 'N/crypto';
import * as encode from 'N/encode';
import * as url from 'N/url';
import * as task from 'N/task';
import * as cache from 'N/cache';
import * as runtime from 'N/runtime';
import * as log from 'N/log';
import * as nodeCrypto from 'crypto';
import { createWorld, TEST_SECRET_ID, World } from '../../emulator/world';
import { runMapReduce, runSubmit, runSuitelet, runBeforeLoad, metered, installScriptModules, runClient } from '../../emulator/netsuite';
import * as message from 'N/ui/message';
import * as redirect from 'N/redirect';
import * as random from 'N/crypto/random';

let w: World;
let parent: number;
let europe: number;
beforeEach(() => {
  w = createWorld();
  parent = w.account.addSubsidiary('Parent Co');
  europe = w.account.addSubsidiary('Europe BV');
});

const ue = (fn: () => void) => w.account.invoke({ kind: 'userevent', scriptId: 'customscript_pp_ue_customer', executionContext: 'USERINTERFACE' }, fn);

describe('N/record', () => {
  test('records persist across loads; missing ones throw RCRD_DSNT_EXIST', () => {
    const id = w.account.addCustomer({ companyname: 'Acme', email: 'ap@acme.test', subsidiary: String(parent) });
    const rec = record.load({ type: 'customer', id });
    rec.setValue({ fieldId: 'phone', value: '+1 555 0100' });
    rec.save();
    expect(record.load({ type: 'customer', id }).getValue({ fieldId: 'phone' })).toBe('+1 555 0100');
    expect(() => record.load({ type: 'customer', id: 99999 })).toThrow(expect.objectContaining({ name: 'RCRD_DSNT_EXIST' }));
    record.delete({ type: 'customer', id });
    expect(() => record.load({ type: 'customer', id })).toThrow(expect.objectContaining({ name: 'RCRD_DSNT_EXIST' }));
  });

  test('custom records: defaults from Objects/, mandatory fields, unknown fields refused', () => {
    const cfg = record.create({ type: 'customrecord_pp_config' });
    expect(cfg.getValue({ fieldId: 'custrecord_pp_cfg_autosync' })).toBe(true);
    expect(cfg.getValue({ fieldId: 'custrecord_pp_cfg_sync_field' })).toBe('email');
    expect(() => cfg.save()).toThrow(/Please enter value\(s\) for: Stripe Secret Key/);
    expect(() => cfg.setValue({ fieldId: 'custrecord_pp_cfg_nope', value: 'x' })).toThrow(expect.objectContaining({ name: 'INVALID_FLD' }));
    cfg.setValue({ fieldId: 'custrecord_pp_cfg_secret', value: TEST_SECRET_ID });
    cfg.setValue({ fieldId: 'custrecord_pp_cfg_subsidiaries', value: [String(parent), String(europe)] });
    const id = cfg.save();
    expect(record.load({ type: 'customrecord_pp_config', id }).getText({ fieldId: 'custrecord_pp_cfg_subsidiaries' })).toBe('Parent Co,Europe BV');
  });

  test('customer subsidiaries appear as the submachine sublist', () => {
    const id = w.account.addCustomer({ companyname: 'Multi', subsidiary: String(parent), subsidiaries: [europe] });
    const rec = record.load({ type: 'customer', id });
    expect(rec.getLineCount({ sublistId: 'submachine' })).toBe(2);
    const lines = [0, 1].map((line) => [rec.getSublistValue({ sublistId: 'submachine', fieldId: 'subsidiary', line }), rec.getSublistValue({ sublistId: 'submachine', fieldId: 'isprimarysub', line })]);
    expect(lines).toEqual([[String(parent), true], [String(europe), false]]);
  });

  test('a save over a newer version throws RCRD_HAS_BEEN_CHANGED', () => {
    const id = w.account.addCustomer({ companyname: 'Race', subsidiary: String(parent) });
    const a = record.load({ type: 'customer', id });
    const b = record.load({ type: 'customer', id });
    a.setValue({ fieldId: 'phone', value: '1' }); a.save();
    b.setValue({ fieldId: 'phone', value: '2' });
    expect(() => b.save()).toThrow(expect.objectContaining({ name: 'RCRD_HAS_BEEN_CHANGED' }));
  });

  test('a second record of a type with the same external id fails with DUP_RCRD', () => {
    const make = () => { const r = record.create({ type: 'customrecord_pp_event' }); r.setValue({ fieldId: 'externalid', value: 'evt_same' }); return r.save(); };
    make();
    expect(make).toThrow(expect.objectContaining({ name: 'DUP_RCRD' }));
  });

  test('submitFields cannot change a customer\'s email (load and save instead)', () => {
    const id = w.account.addCustomer({ companyname: 'Mail', email: 'a@x.test', subsidiary: String(parent) });
    expect(() => record.submitFields({ type: 'customer', id, values: { email: 'b@x.test' } })).toThrow(/load and save/);
  });
});

describe('governance', () => {
  test('record costs by class: customer 5/10, custom record 2/4, submitFields 5/2', () => {
    const id = w.account.addCustomer({ companyname: 'Units', subsidiary: String(parent) });
    const m = metered(() => ue(() => {
      record.submitFields({ type: 'customer', id, values: { phone: '1' } });
    }));
    expect(m.units).toBe(5);
    const m2 = metered(() => ue(() => {
      const r = record.load({ type: 'customer', id }); r.save();
      const c = record.create({ type: 'customrecord_pp_sync_log' }); c.save();
      search.lookupFields({ type: 'customer', id, columns: ['email'] });
    }));
    expect(m2.invocations[0].charges.map((c) => c.units)).toEqual([5, 10, 2, 4, 1]);
  });

  test('201 calls of a 5-unit operation in a user event throw SSS_USAGE_LIMIT_EXCEEDED on the 201st', () => {
    const id = w.account.addCustomer({ companyname: 'Busy', subsidiary: String(parent) });
    let done = 0;
    expect(() => ue(() => {
      for (let i = 0; i < 201; i++) { record.submitFields({ type: 'customer', id, values: { phone: String(i) } }); done++; }
    })).toThrow(expect.objectContaining({ name: 'SSS_USAGE_LIMIT_EXCEEDED' }));
    expect(done).toBe(200);
    expect(record.load({ type: 'customer', id }).getValue({ fieldId: 'phone' })).toBe('199');
  });

  test('runtime reports remaining usage of the running invocation', () => {
    const seen: number[] = [];
    ue(() => {
      seen.push(runtime.getCurrentScript().getRemainingUsage());
      search.lookupFields({ type: 'subsidiary', id: parent, columns: ['name'] });
      seen.push(runtime.getCurrentScript().getRemainingUsage());
    });
    expect(seen).toEqual([1000, 999]);
  });
});

describe('N/search', () => {
  beforeEach(() => {
    w.account.addCustomer({ companyname: 'Alpha', email: 'a@alpha.test', subsidiary: String(parent), custentity_pp_stripe_customer_id: 'cus_A' });
    w.account.addCustomer({ companyname: 'Beta', email: 'b@beta.test', subsidiary: String(europe), subsidiaries: [parent] });
    w.account.addCustomer({ companyname: 'Gamma', email: '', subsidiary: String(europe), isinactive: true });
    w.account.addSavedSearch({
      id: 'customsearch_pp_sync', type: 'customer',
      filters: [{ name: 'subsidiary', operator: 'anyof', values: [String(europe)] }],
      columns: [{ name: 'email', label: 'email' }, { name: 'companyname', label: 'name' }, { name: 'subsidiary' }],
    });
  });

  test('a saved search with labelled columns and an anyof filter returns the right rows', () => {
    const s = search.load({ id: 'customsearch_pp_sync' });
    const rows = s.run().getRange({ start: 0, end: 100 });
    expect(rows.map((r) => r.getValue({ name: 'companyname' }))).toEqual(['Beta', 'Gamma']);
    expect((s.columns as search.Column[]).map((c) => c.label)).toEqual(['email', 'name', undefined]);
    expect(rows[0].getText({ name: 'subsidiary' })).toBe('Europe BV');
  });

  test('filter expressions: AND, OR, NOT, isempty, startswith, case-insensitive is', () => {
    const names = (filters: unknown[]) => {
      const out: string[] = [];
      search.create({ type: 'customer', filters, columns: ['companyname'] }).run().each((r) => { out.push(String(r.getValue('companyname'))); return true; });
      return out;
    };
    expect(names([['email', 'is', 'A@ALPHA.TEST']])).toEqual(['Alpha']);
    expect(names([['email', 'isempty', ''], 'OR', ['companyname', 'startswith', 'al']])).toEqual(['Alpha', 'Gamma']);
    expect(names(['NOT', ['isinactive', 'is', 'T'], 'AND', ['subsidiary', 'noneof', String(parent)]])).toEqual(['Beta']);
    expect(names([['custentity_pp_stripe_customer_id', 'isnotempty', '']])).toEqual(['Alpha']);
    expect(() => names([['email', 'sounds-like', 'x']])).toThrow(expect.objectContaining({ name: 'SSS_INVALID_SRCH_OPERATOR' }));
  });

  test('the msesubsidiary join yields one row per subsidiary of each customer', () => {
    const rows = search.create({ type: 'customer', filters: [['companyname', 'is', 'Beta']], columns: ['companyname', { name: 'internalid', join: 'msesubsidiary' }] }).run().getRange({ start: 0, end: 10 });
    expect(rows.map((r) => r.getValue({ name: 'internalid', join: 'msesubsidiary' })).sort()).toEqual([String(parent), String(europe)].sort());
  });

  test('runPaged + fetch and each are metered; results serialise as map/reduce receives them', () => {
    for (let i = 0; i < 12; i++) w.account.addCustomer({ companyname: `Bulk ${i}`, subsidiary: String(parent) });
    const m = metered(() => w.account.invoke({ kind: 'scheduled', executionContext: 'SCHEDULED' }, () => {
      const paged = search.create({ type: 'customer', columns: ['companyname', 'subsidiary'] }).runPaged({ pageSize: 5 });
      const all = paged.pageRanges.flatMap((r) => paged.fetch({ index: r.index }).data);
      return { count: paged.count, all };
    }));
    expect(m.result.count).toBe(15);
    expect(m.result.all).toHaveLength(15);
    expect(m.units).toBe(5 + 3 * 5);
    expect(JSON.parse(JSON.stringify(m.result.all[0]))).toEqual({
      recordType: 'customer', id: m.result.all[0].id, values: { companyname: 'Alpha', subsidiary: { value: String(parent), text: 'Parent Co' } },
    });
  });

  test('lookupFields: plain values, and selects as [{value, text}]', () => {
    const id = w.account.all('customer')[0].id;
    expect(search.lookupFields({ type: 'customer', id, columns: ['email', 'subsidiary'] })).toEqual({
      email: 'a@alpha.test', subsidiary: [{ value: String(parent), text: 'Parent Co' }],
    });
  });

  test('a role restricted to some subsidiaries does not see the other subsidiaries\' customers, and may not change them', () => {
    const clerk = { ...w.account.user, id: 9, name: 'Eve Europe', role: 'accountant', roleId: '1009', permissions: { LIST_CUSTJOB: 3 }, subsidiaries: [europe] };
    const alpha = w.account.all('customer').find((c) => c.fields.companyname === 'Alpha')!.id;
    const seen = w.account.invoke({ kind: 'suitelet', executionContext: 'SUITELET', user: clerk }, () => ({
      names: search.create({ type: 'customer', columns: ['companyname'] }).run().getRange({ start: 0, end: 10 }).map((r) => r.getValue('companyname')),
      alpha: search.lookupFields({ type: 'customer', id: alpha, columns: ['entityid'] }),
      write: (() => { try { record.submitFields({ type: 'customer', id: alpha, values: { phone: '1' } }); return 'written'; } catch (e) { return (e as Error).name; } })(),
    }));
    expect(seen).toEqual({ names: ['Beta', 'Gamma'], alpha: {}, write: 'INSUFFICIENT_PERMISSION' });
    expect(search.create({ type: 'customer', columns: ['companyname'] }).run().getRange({ start: 0, end: 10 })).toHaveLength(3); // the administrator sees all
  });

  test('an unknown saved search fails like NetSuite', () => {
    expect(() => search.load({ id: 'customsearch_missing' })).toThrow(expect.objectContaining({ name: 'INVALID_SEARCH' }));
  });
});

describe('N/https, API secrets and N/crypto', () => {
  test('a SecureString carries the API secret to Stripe without the script ever reading it', () => {
    const auth = https.createSecureString({ input: `Bearer {${TEST_SECRET_ID}}` });
    expect(String(auth)).not.toContain('sk_test');
    expect(JSON.stringify({ auth })).not.toContain('sk_test');
    const res = https.get({ url: 'https://api.stripe.com/v1/customers?limit=1', headers: { Authorization: auth } });
    expect(res.code).toBe(200);
    expect(w.stripe.calls[0].mode).toBe('test');
  });

  test('an unknown secret fails; a secret restricted to Stripe is not sent elsewhere', () => {
    expect(() => https.get({ url: 'https://api.stripe.com/v1/customers', headers: { Authorization: https.createSecureString({ input: 'Bearer {custsecret_missing}' }) } }))
      .toThrow(expect.objectContaining({ name: 'INVALID_SECRET_KEY' }));
    w.account.routeHttps('evil.example.com', () => ({ status: 200, headers: {}, body: '' }));
    expect(() => https.get({ url: 'https://evil.example.com/', headers: { Authorization: https.createSecureString({ input: `Bearer {${TEST_SECRET_ID}}` }) } }))
      .toThrow(expect.objectContaining({ name: 'SSS_SECRET_DOMAIN_RESTRICTED' }));
  });

  test('each request costs 10 units; a network failure surfaces as a SuiteScript error', () => {
    w.stripe.failNext({ network: 'timeout' });
    const auth = https.createSecureString({ input: `Bearer {${TEST_SECRET_ID}}` });
    const m = metered(() => ue(() => {
      expect(() => https.get({ url: 'https://api.stripe.com/v1/customers', headers: { Authorization: auth } })).toThrow(expect.objectContaining({ name: 'SSS_REQUEST_TIME_EXCEEDED' }));
      https.get({ url: 'https://api.stripe.com/v1/customers', headers: { Authorization: auth } });
    }));
    expect(m.units).toBe(20);
    expect(w.stripe.calls).toHaveLength(1);
  });

  test('HMAC-SHA256 keys come from an API secret, never from a plain string', () => {
    w.account.setSecret('custsecret_pp_test_hmac', 'whsec_testsecret');
    const key = crypto.createSecretKey({ secret: 'custsecret_pp_test_hmac', encoding: encode.Encoding.UTF_8 });
    const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256, key });
    hmac.update({ input: '123.{"a":1}', inputEncoding: encode.Encoding.UTF_8 });
    expect(hmac.digest({ outputEncoding: encode.Encoding.HEX })).toBe(nodeCrypto.createHmac('sha256', 'whsec_testsecret').update('123.{"a":1}').digest('hex'));
    expect(() => crypto.createHmac({ algorithm: crypto.HashAlg.SHA256, key: 'whsec_testsecret' as never })).toThrow(/SecretKey/);
  });
});

describe('N/url, N/task, N/cache, N/log', () => {
  test('external URLs exist only for deployments available without login', () => {
    const ext = url.resolveScript({ scriptId: 'customscript_pp_sl_webhook', deploymentId: 'customdeploy_pp_sl_webhook', returnExternalUrl: true, params: { config: 7 } });
    expect(ext).toMatch(/^https:\/\/tstdrv1234567\.extforms\.netsuite\.com\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+&compid=TSTDRV1234567&ns-at=[\w-]+&config=7$/);
    expect(() => url.resolveScript({ scriptId: 'customscript_pp_sl_sync', deploymentId: 'customdeploy_pp_sl_sync', returnExternalUrl: true })).toThrow(/not available without login/);
    expect(url.resolveScript({ scriptId: 'customscript_pp_sl_sync', deploymentId: 'customdeploy_pp_sl_sync' })).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+$/);
  });

  test('one unfinished map/reduce per deployment: a second submit throws MAP_REDUCE_ALREADY_RUNNING', () => {
    const t = () => task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: 'customscript_pp_mr_custsync', deploymentId: 'customdeploy_pp_mr_custsync' });
    const m = metered(() => ue(() => { t().submit(); }));
    expect(m.units).toBe(20);
    expect(() => t().submit()).toThrow(expect.objectContaining({ name: 'MAP_REDUCE_ALREADY_RUNNING' }));
  });

  test('cache: loader runs once, get costs 1 unit', () => {
    let loads = 0;
    const c = cache.getCache({ name: 'pp', scope: cache.Scope.PRIVATE });
    const m = metered(() => ue(() => {
      c.get({ key: 'k', loader: () => { loads++; return 'v'; } });
      c.get({ key: 'k', loader: () => { loads++; return 'v'; } });
    }));
    expect(loads).toBe(1);
    expect(m.units).toBe(2);
  });

  test('logs are kept with their script and are scanned for secrets', () => {
    ue(() => log.error({ title: 'oops', details: { a: 1 } }));
    expect(w.account.logs).toEqual([{ level: 'ERROR', title: 'oops', details: '{"a":1}', scriptId: 'customscript_pp_ue_customer' }]);
    expect(w.account.findSecretLeaks()).toEqual([]);
    log.debug({ title: 'leak', details: `key ${w.account.secrets.get(TEST_SECRET_ID)!.value}` });
    expect(w.account.findSecretLeaks()).toEqual(['log #1 (leak) contains a secret']);
  });
});

describe('runners', () => {
  test('user event: beforeLoad gets a form; afterSubmit runs after the save with old and new record', () => {
    const seen: string[] = [];
    const mod = {
      beforeLoad: (ctx: { form: { addButton(o: object): void }; type: string }) => { ctx.form.addButton({ id: 'custpage_x', label: 'X', functionName: 'f' }); seen.push(`load:${ctx.type}`); },
      afterSubmit: (ctx: { type: string; newRecord: { id: number; getValue(o: object): unknown }; oldRecord?: { getValue(o: object): unknown } }) => {
        seen.push(`after:${ctx.type}:${ctx.newRecord.getValue({ fieldId: 'companyname' })}:${ctx.oldRecord?.getValue({ fieldId: 'companyname' }) ?? '-'}`);
        expect(w.account.find('customer', ctx.newRecord.id)).toBeDefined();
        throw new Error('after submit failed');
      },
    };
    const id = w.account.addCustomer({ companyname: 'Old', subsidiary: String(parent) });
    const view = runBeforeLoad(mod, { scriptId: 'customscript_pp_ue_customer' }, { type: 'view', recordType: 'customer', id });
    expect(view.form.buttons.map((b) => b.id)).toEqual(['custpage_x']);
    const res = runSubmit(mod, { scriptId: 'customscript_pp_ue_customer' }, { type: 'edit', recordType: 'customer', id, values: { companyname: 'New' } });
    expect(seen).toEqual(['load:view', 'after:edit:New:Old']);
    expect(res.afterSubmitError).toBeInstanceOf(Error);
    expect(w.account.get('customer', id).fields.companyname).toBe('New'); // the save stands
  });

  test('suitelet: header names arrive lower-cased, the raw body as given, the response captured', () => {
    const mod = {
      onRequest: ({ request, response }: { request: { headers: Record<string, string>; body: string; parameters: Record<string, string> }; response: { write(o: { output: string }): void } }) => {
        response.write({ output: JSON.stringify({ sig: request.headers['stripe-signature'], body: request.body, p: request.parameters.config }) });
      },
    };
    const res = runSuitelet(mod, { scriptId: 'customscript_pp_sl_webhook' }, { method: 'POST', headers: { 'Stripe-Signature': 't=1,v1=ab' }, body: '{"id":"evt_1"}', parameters: { config: '3' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ sig: 't=1,v1=ab', body: '{"id":"evt_1"}', p: '3' });
    const failing = runSuitelet({ onRequest: () => { throw new Error('boom'); } }, { scriptId: 'customscript_pp_sl_webhook' }, {});
    expect(failing.status).toBe(500);
    expect(failing.body).toContain('An unexpected SuiteScript error has occurred');
    expect(failing.body).not.toContain('boom');
  });

  test('client: https to a Suitelet URL runs the Suitelet in its own invocation; messages are shown', () => {
    installScriptModules({ customscript_pp_sl_sync: { onRequest: ({ response }: { response: { write(o: { output: string }): void } }) => response.write({ output: '{"ok":true}' }) } });
    const id = w.account.addCustomer({ companyname: 'Client', subsidiary: String(parent) });
    const client = {
      go: () => {
        const res = https.post({ url: url.resolveScript({ scriptId: 'customscript_pp_sl_sync', deploymentId: 'customdeploy_pp_sl_sync' }), body: { id: '1' } });
        message.create({ title: 'PayPack', message: res.body, type: message.Type.CONFIRMATION }).show();
      },
    };
    const run = runClient(client, 'go', { recordType: 'customer', id });
    expect(w.account.messagesShown).toEqual([{ title: 'PayPack', message: '{"ok":true}', type: 'CONFIRMATION' }]);
    expect(run.usage).toBe(10);
    expect(w.account.meter.history.map((i) => i.kind)).toEqual(['client', 'suitelet']);
  });

  test('map/reduce: search input as NetSuite serialises it; an error in one key lands in the summary and the others go on', () => {
    w.account.addCustomer({ companyname: 'One', subsidiary: String(parent) });
    w.account.addCustomer({ companyname: 'Two', subsidiary: String(parent) });
    w.account.addCustomer({ companyname: 'Three', subsidiary: String(parent) });
    const summaries: unknown[] = [];
    const mod = {
      getInputData: () => search.create({ type: 'customer', columns: ['companyname'] }),
      map: (ctx: { key: string; value: string; write(o: object): void }) => {
        const v = JSON.parse(ctx.value) as { values: { companyname: string } };
        if (v.values.companyname === 'Two') throw new Error('bad customer');
        ctx.write({ key: 'names', value: v.values.companyname });
      },
      reduce: (ctx: { key: string; values: string[]; write(o: object): void }) => ctx.write({ key: ctx.key, value: ctx.values.join('+') }),
      summarize: (s: { mapSummary: { errors: { iterator(): { each(cb: (k: string, e: string) => boolean): void } } }; output: { iterator(): { each(cb: (k: string, v: string) => boolean): void } } }) => {
        s.mapSummary.errors.iterator().each((k, e) => { summaries.push([k, JSON.parse(e).message]); return true; });
        s.output.iterator().each((k, v) => { summaries.push([k, v]); return true; });
      },
    };
    const run = runMapReduce(mod, { scriptId: 'customscript_pp_mr_custsync' });
    expect(run.input).toHaveLength(3);
    expect(JSON.parse(run.input[0].value)).toEqual({ recordType: 'customer', id: run.input[0].key, values: { companyname: 'One' } });
    expect(summaries).toEqual([[run.input[1].key, 'bad customer'], ['names', 'One+Three']]);
  });

  test('map/reduce: a map call past 1,000 units fails that key only', () => {
    const id = w.account.addCustomer({ companyname: 'Heavy', subsidiary: String(parent) });
    const mod = {
      getInputData: () => [1, 2],
      map: (ctx: { key: string }) => { const n = ctx.key === '0' ? 201 : 1; for (let i = 0; i < n; i++) record.submitFields({ type: 'customer', id, values: { phone: String(i) } }); },
    };
    const run = runMapReduce(mod, { scriptId: 'customscript_pp_mr_custsync' });
    expect(run.mapErrors.map((e) => [e.key, JSON.parse(e.error).name])).toEqual([['0', 'SSS_USAGE_LIMIT_EXCEEDED']]);
    expect(run.usage.map).toEqual([1000, 5]);
  });
});

describe('more of what the emulator claims', () => {
  test('numeric and date operators: equalto, lessthan, between on numbers; within on dates in the user\'s format', () => {
    const id = (n: number) => w.account.write('customrecord_pp_event', { custrecord_pp_evt_id: `evt_${n}`, custrecord_pp_evt_attempts: n }).id;
    const ids = [1, 5, 9].map(id);
    const find = (f: unknown[]) => search.create({ type: 'customrecord_pp_event', filters: [f], columns: ['internalid'] }).run().getRange({ start: 0, end: 10 }).map((r) => Number(r.id));
    expect(find(['custrecord_pp_evt_attempts', 'equalto', 5])).toEqual([ids[1]]);
    expect(find(['custrecord_pp_evt_attempts', 'lessthan', 6])).toEqual([ids[0], ids[1]]);
    expect(find(['custrecord_pp_evt_attempts', 'between', 2, 9])).toEqual([ids[1], ids[2]]);
    // created at the emulator's start instant, 2026-11-23 12:00 UTC = 4:00 am in Los Angeles (the company's zone)
    expect(find(['created', 'within', '11/23/2026 3:59 am', '11/23/2026 4:01 am'])).toEqual(ids);
    expect(find(['created', 'within', '11/23/2026 4:01 am', '11/23/2026 5:00 am'])).toEqual([]);
  });

  test('map/reduce: an error in getInputData reaches summarize as inputSummary.error, and no map runs', () => {
    let seen: string | null = null;
    const run = runMapReduce({
      getInputData: () => { throw new Error('input broke'); },
      map: () => { throw new Error('never'); },
      summarize: (s: { inputSummary: { error: string | null } }) => { seen = s.inputSummary.error; },
    }, { scriptId: 'customscript_pp_mr_custsync' });
    expect(run.input).toEqual([]);
    expect(JSON.parse(String(seen)).message).toBe('input broke');
  });

  test('N/redirect sends a Suitelet\'s browser on with a 302; it is refused outside Suitelets and user events', () => {
    const res = runSuitelet({ onRequest: () => redirect.redirect({ url: 'https://billing.stripe.com/p/session/x', parameters: { a: 'b c' } }) }, { scriptId: 'customscript_pp_sl_portal' }, {});
    expect([res.status, res.headers.Location]).toEqual([302, 'https://billing.stripe.com/p/session/x?a=b%20c']);
    const mr = runMapReduce({ getInputData: () => { redirect.redirect({ url: 'https://x.test' }); return []; } }, { scriptId: 'customscript_pp_mr_custsync' });
    expect(JSON.parse(String(mr.inputError)).name).toBe('SSS_INVALID_SCRIPT_CONTEXT');
  });

  test('N/crypto/random: fresh bytes each call, sizes NetSuite takes', () => {
    const a = random.generateBytes({ size: 16 });
    const b = random.generateBytes({ size: 16 });
    expect([a.length, Buffer.from(a).equals(Buffer.from(b))]).toEqual([16, false]);
    expect(random.generateUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => random.generateBytes({ size: 0 })).toThrow(expect.objectContaining({ name: 'SSS_INVALID_ARG' }));
  });
});
