/** What the account double installs from Objects/, and what it refuses. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadObjectsSchema } from '../../emulator/netsuite/schema';
import { Account } from '../../emulator/netsuite/account';

const objects = path.resolve(__dirname, '../../Objects');

test('a savedsearch object is refused at install: its definition is an account export (never hand-written) that the double cannot read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-objects-'));
  try {
    fs.copyFileSync(path.join(objects, 'customrecord_pp_payout.xml'), path.join(dir, 'customrecord_pp_payout.xml'));
    expect(loadObjectsSchema(dir).recordTypes.has('customrecord_pp_payout')).toBe(true);
    fs.writeFileSync(path.join(dir, 'customsearch_pp_payouts.xml'), '<savedsearch scriptid="customsearch_pp_payouts">\n  <definition>written by hand</definition>\n</savedsearch>\n');
    expect(() => loadObjectsSchema(dir)).toThrow('customsearch_pp_payouts.xml: a savedsearch object\'s definition is an export from a NetSuite account that cannot be written by hand, and the account double cannot read it');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the project ships no savedsearch object: the bundle makes its saved searches', () => {
  expect(fs.readdirSync(objects).filter((f) => /^customsearch/.test(f) || fs.readFileSync(path.join(objects, f), 'utf8').includes('<savedsearch'))).toEqual([]);
  expect(() => loadObjectsSchema(objects)).not.toThrow();
});

describe('system notes (Oracle, "System Notes Overview"; customrecordtype enablesystemnotes)', () => {
  function accountWith(systemNotes: boolean) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-objects-'));
    try {
      const xml = fs.readFileSync(path.join(objects, 'customrecord_pp_payout.xml'), 'utf8').replace(/<enablesystemnotes>[TF]<\/enablesystemnotes>/, `<enablesystemnotes>${systemNotes ? 'T' : 'F'}</enablesystemnotes>`);
      fs.writeFileSync(path.join(dir, 'customrecord_pp_payout.xml'), xml);
      return new Account().install(loadObjectsSchema(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('a type that enables them keeps a Create note, then each changed field with its old and new value, for whoever can view the record', () => {
    const acct = accountWith(true);
    const rec = acct.write('customrecord_pp_payout', { custrecord_pp_po_status: 'paid' });
    acct.write('customrecord_pp_payout', { custrecord_pp_po_status: 'failed' }, { id: rec.id });
    acct.write('customrecord_pp_payout', { custrecord_pp_po_status: 'failed' }, { id: rec.id });
    const notes = acct.systemNotes('customrecord_pp_payout', rec.id);
    expect(notes.map((n) => [n.type, n.field, n.oldValue, n.newValue])).toEqual([['Create', '', '', ''], ['Change', 'Status', 'paid', 'failed']]);
    // a role that cannot view the record type cannot open its notes
    const clerk = { ...acct.user, id: 50, name: 'Pat Clerk', role: 'clerk', roleId: '1050', permissions: {} };
    expect(() => acct.invoke({ kind: 'suitelet', executionContext: 'USERINTERFACE', user: clerk }, () => acct.systemNotes('customrecord_pp_payout', rec.id))).toThrow(expect.objectContaining({ name: 'INSUFFICIENT_PERMISSION' }));
  });

  test('a type that turns them off keeps none', () => {
    const acct = accountWith(false);
    const rec = acct.write('customrecord_pp_payout', { custrecord_pp_po_status: 'paid' });
    acct.write('customrecord_pp_payout', { custrecord_pp_po_status: 'failed' }, { id: rec.id });
    expect(acct.systemNotes('customrecord_pp_payout', rec.id)).toEqual([]);
  });
});
