/**
 * The account double's clock and dates behave as NetSuite's: one clock for everything, date text in
 * the user's format and time zone from searches, getText and lookupFields, N/format both ways, and
 * a server Date whose local hours are Pacific time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as format from 'N/format';
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import { createWorld, advance, setClock, World } from '../../emulator/world';
import { loadAmd, netsuiteResolver } from '../../emulator/amd';
import { runMapReduce, UserInfo } from '../../emulator/netsuite';
import { CUSTOMER, EVENT, RECORD } from '../../src/core/ids';

let w: World;
beforeEach(() => {
  w = createWorld();
  // the 21st, late in the UTC day: already the 22nd east of UTC, still the 21st in the Americas
  setClock(w, Date.UTC(2027, 0, 21, 20, 30, 15));
});

/** The user preference sets the tests read dates under. */
const PREFS = {
  'M/D/YYYY, Los Angeles (UTC-8)': { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/Los_Angeles' },
  'M/D/YYYY, New York (UTC-5)': { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/New_York' },
  'D/M/YYYY, Brisbane (UTC+10)': { dateFormat: 'D/M/YYYY', timeFormat: 'h:mm a', timeZone: 'Australia/Brisbane' },
  'M/D/YYYY, Tokyo (UTC+9)': { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'Asia/Tokyo' },
  'DD.MM.YYYY, Berlin (UTC+1)': { dateFormat: 'DD.MM.YYYY', timeFormat: 'H:mm', timeZone: 'Europe/Berlin' },
  'YYYY-MM-DD, Tokyo (UTC+9)': { dateFormat: 'YYYY-MM-DD', timeFormat: 'H:mm', timeZone: 'Asia/Tokyo' },
};
/** 2027-01-21 20:30:15 UTC as each of them reads it (search results: minutes; N/format: seconds). */
const SHOWN: Record<keyof typeof PREFS, { search: string; format: string; date: string }> = {
  'M/D/YYYY, Los Angeles (UTC-8)': { search: '1/21/2027 12:30 pm', format: '1/21/2027 12:30:15 pm', date: '1/21/2027' },
  'M/D/YYYY, New York (UTC-5)': { search: '1/21/2027 3:30 pm', format: '1/21/2027 3:30:15 pm', date: '1/21/2027' },
  'D/M/YYYY, Brisbane (UTC+10)': { search: '22/1/2027 6:30 am', format: '22/1/2027 6:30:15 am', date: '22/1/2027' },
  'M/D/YYYY, Tokyo (UTC+9)': { search: '1/22/2027 5:30 am', format: '1/22/2027 5:30:15 am', date: '1/22/2027' },
  'DD.MM.YYYY, Berlin (UTC+1)': { search: '21.01.2027 21:30', format: '21.01.2027 21:30:15', date: '21.01.2027' },
  'YYYY-MM-DD, Tokyo (UTC+9)': { search: '2027-01-22 5:30', format: '2027-01-22 5:30:15', date: '2027-01-22' },
};

describe('one clock', () => {
  test('new Date() and Date.now() read the account clock, and move only when a test moves it', () => {
    expect(Date.now()).toBe(Date.UTC(2027, 0, 21, 20, 30, 15));
    expect(new Date().toISOString()).toBe('2027-01-21T20:30:15.000Z');
    advance(w, 90);
    expect(new Date().toISOString()).toBe('2027-01-21T20:31:45.000Z');
    expect(w.stripe.clock()).toBe(Date.now());
    // dates made from values are the platform's
    expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Date(0)).toBeInstanceOf(Date);
  });

  test('a compiled script file reads the same clock', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-amd-')), 'clock.js');
    fs.writeFileSync(file, "define([], function () { return { now: function () { return Date.now(); }, iso: function () { return new Date().toISOString(); } }; });");
    const mod = loadAmd(file, netsuiteResolver()).exports as { now(): number; iso(): string };
    expect(mod.now()).toBe(Date.UTC(2027, 0, 21, 20, 30, 15));
    advance(w, 3600);
    expect(mod.iso()).toBe('2027-01-21T21:30:15.000Z');
  });

  test('a compiled script that busy-waits (SuiteScript has no sleep) finds the time it waited has passed; a few reads do not move the clock', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-amd-')), 'wait.js');
    fs.writeFileSync(file, "define([], function () { return { wait: function (ms) { var until = Date.now() + ms; var n = Date.now(); while (n < until) n = Date.now(); return n; }, twice: function () { return [Date.now(), Date.now(), Date.now()]; } }; });");
    const mod = loadAmd(file, netsuiteResolver()).exports as { wait(ms: number): number; twice(): number[] };
    const start = Date.now();
    const asScript = <T>(fn: () => T): T => w.account.invoke({ kind: 'suitelet', scriptId: 'customscript_pp_sl_sync', executionContext: 'SUITELET' }, fn);
    expect(asScript(() => mod.twice())).toEqual([start, start, start]);
    expect(asScript(() => mod.wait(2000))).toBe(start + 2000);
    expect(Date.now()).toBe(start + 2000);
  });

  test('records are stamped by it', () => {
    const id = w.account.addCustomer({ companyname: 'Stamp', subsidiary: '1' });
    expect(w.account.get('customer', id).fields.lastmodified).toEqual(new Date(Date.UTC(2027, 0, 21, 20, 30, 15)));
  });

  test('the server Date reads its local hours and days in Pacific time, as NetSuite servers do', () => {
    const d = new Date(Date.UTC(2027, 0, 21, 20, 30, 15));
    expect([d.getDate(), d.getHours(), d.getTimezoneOffset()]).toEqual([21, 12, 480]);
    const summer = new Date(Date.UTC(2027, 6, 1, 3, 0, 0));
    expect([summer.getDate(), summer.getHours(), summer.getTimezoneOffset()]).toEqual([30, 20, 420]);
  });
});

describe.each(Object.keys(PREFS) as Array<keyof typeof PREFS>)('dates for a user with %s', (name) => {
  const user: UserInfo = { id: 9, name: 'Pat', email: 'pat@example.com', role: 'administrator', roleId: '3', subsidiary: 1, preferences: PREFS[name] };
  const asUser = <T>(fn: () => T): T => w.account.invoke({ kind: 'suitelet', scriptId: 'customscript_pp_sl_sync', executionContext: 'SUITELET', user }, fn);
  const shown = SHOWN[name];

  test('search getValue and getText of standard and custom date columns are text in their format and time zone', () => {
    const id = w.account.addCustomer({ companyname: 'Dated', subsidiary: '1' });
    w.account.write('customer', { [CUSTOMER.lastSync]: new Date() }, { id });
    const row = asUser(() => search.create({ type: 'customer', filters: [['internalid', 'anyof', String(id)]], columns: ['datecreated', 'lastmodifieddate', CUSTOMER.lastSync] }).run().getRange({ start: 0, end: 1 })[0]);
    for (const col of ['datecreated', 'lastmodifieddate', CUSTOMER.lastSync]) {
      expect(row.getValue(col)).toBe(shown.search);
      expect(row.getText(col)).toBe(shown.search);
    }
    expect(asUser(() => runtime.getCurrentUser().getPreference({ name: 'DATEFORMAT' }))).toBe(PREFS[name].dateFormat);
  });

  test('custom record lastmodified and a custom DATE field; lookupFields and record.getText alike', () => {
    const def = w.account.recordTypes.get(RECORD.event)!;
    def.fields.set('custrecord_pp_evt_test_day', { id: 'custrecord_pp_evt_test_day', label: 'Day', type: 'DATE', mandatory: false });
    const ev = w.account.write(RECORD.event, { [EVENT.id]: 'evt_1', custrecord_pp_evt_test_day: new Date() });
    const r = asUser(() => search.create({ type: RECORD.event, columns: ['lastmodified', 'created', 'custrecord_pp_evt_test_day'] }).run().getRange({ start: 0, end: 1 })[0]);
    expect([r.getValue('lastmodified'), r.getValue('created'), r.getValue('custrecord_pp_evt_test_day')]).toEqual([shown.search, shown.search, shown.date]);
    const looked = asUser(() => search.lookupFields({ type: RECORD.event, id: ev.id, columns: ['lastmodified', 'custrecord_pp_evt_test_day'] }));
    expect(looked).toEqual({ lastmodified: shown.search, custrecord_pp_evt_test_day: shown.date });
    const rec = asUser(() => record.load({ type: RECORD.event, id: ev.id }));
    expect(rec.getValue({ fieldId: 'custrecord_pp_evt_test_day' })).toBeInstanceOf(Date);
    expect(asUser(() => rec.getText({ fieldId: 'custrecord_pp_evt_test_day' }))).toBe(shown.date);
  });

  test('map/reduce gets search results as JSON with the same text', () => {
    w.account.write(RECORD.event, { [EVENT.id]: 'evt_2' });
    const run = runMapReduce({ getInputData: () => search.create({ type: RECORD.event, columns: ['lastmodified'] }) }, { scriptId: 'customscript_pp_mr_events', user });
    expect(JSON.parse(run.input[0].value).values).toEqual({ lastmodified: shown.search });
  });

  test('N/format: format gives their text, parse reads it back to the same instant; text that is not a date comes back as is', () => {
    const now = new Date();
    const text = asUser(() => format.format({ value: now, type: format.Type.DATETIMETZ }));
    expect(text).toBe(shown.format);
    expect(asUser(() => format.format({ value: now, type: format.Type.DATE }))).toBe(shown.date);
    expect(asUser(() => format.parse({ value: text, type: format.Type.DATETIMETZ }))).toEqual(now);
    expect(asUser(() => format.parse({ value: shown.search, type: format.Type.DATETIME }))).toEqual(new Date(Date.UTC(2027, 0, 21, 20, 30, 0)));
    expect(asUser(() => format.parse({ value: 'tomorrow-ish', type: format.Type.DATE }))).toBe('tomorrow-ish');
    // the same text read in another zone is another instant
    expect(asUser(() => format.format({ value: now, type: format.Type.DATETIMETZ, timezone: format.Timezone.GMT }))).toMatch(/20:30:15|8:30:15 pm/);
  });

  test('submitFields takes date text in their format (what N/format makes) and refuses a Date; setValue takes a Date', () => {
    const id = w.account.addCustomer({ companyname: 'Write', subsidiary: '1' });
    const now = new Date();
    asUser(() => record.submitFields({ type: 'customer', id, values: { [CUSTOMER.lastSync]: format.format({ value: now, type: format.Type.DATETIMETZ }) } }));
    expect(w.account.get('customer', id).fields[CUSTOMER.lastSync]).toEqual(now);
    expect(() => asUser(() => record.submitFields({ type: 'customer', id, values: { [CUSTOMER.lastSync]: now as unknown as string } })))
      .toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE', message: expect.stringContaining(`in the user's date format (${PREFS[name].dateFormat}`) }));
    expect(() => asUser(() => record.submitFields({ type: 'customer', id, values: { [CUSTOMER.lastSync]: now.toISOString() } }))).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
    const rec = record.load({ type: 'customer', id });
    expect(() => rec.setValue({ fieldId: CUSTOMER.lastSync, value: shown.format })).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
  });

  test('date filters take text in their format and zone: on, before, after', () => {
    const id = w.account.addCustomer({ companyname: 'Filtered', subsidiary: '1' });
    const find = (filter: unknown[]) => asUser(() => search.create({ type: 'customer', filters: [filter], columns: ['internalid'] }).run().getRange({ start: 0, end: 5 }).map((r) => Number(r.id)));
    expect(find(['datecreated', 'on', shown.date])).toEqual([id]);
    expect(find(['datecreated', 'before', shown.search])).toEqual([]);
    expect(find(['datecreated', 'onorafter', shown.search])).toEqual([id]);
    expect(() => find(['datecreated', 'on', '2027-13-45'])).toThrow(expect.objectContaining({ name: 'INVALID_SRCH_FILTER_VAL' }));
  });
});

test('the company preferences apply to users who set none of their own', () => {
  w.account.preferences = { dateFormat: 'DD.MM.YYYY', timeFormat: 'H:mm', timeZone: 'Europe/Berlin' };
  expect(format.format({ value: new Date(), type: format.Type.DATETIME })).toBe('21.01.2027 21:30:15');
  expect(runtime.getCurrentUser().getPreference({ name: 'TIMEZONE' })).toBe('Europe/Berlin');
});
