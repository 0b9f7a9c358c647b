/** What the account double installs from Objects/, and what it refuses. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadObjectsSchema } from '../../emulator/netsuite/schema';

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
