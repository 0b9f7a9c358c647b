/**
 * docs/admin.md's setup checklist says what ships: every field of the PayPack Config (by the label
 * the admin sees), and each map/reduce deployment as it ships (Not Scheduled) with the schedule to set.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '../..');
const admin = fs.readFileSync(path.join(root, 'docs/admin.md'), 'utf8');
const checklist = admin.slice(admin.indexOf('## Setup checklist'), admin.indexOf('## How syncing works'));
const unescape = (x: string) => x.replace(/&apos;/g, '\'').replace(/&amp;/g, '&').replace(/&gt;/g, '>').replace(/&lt;/g, '<');

test('the checklist names every PayPack Config field the admin sees, in its table of fields', () => {
  const xml = fs.readFileSync(path.join(root, 'Objects/customrecord_pp_config.xml'), 'utf8');
  const labels = [...xml.matchAll(/<customrecordcustomfield scriptid="[^"]+">[\s\S]*?<label>([^<]+)<\/label>/g)].map((m) => unescape(m[1]));
  expect(labels.length).toBeGreaterThan(20);
  // the first cell of each row of the config table: one label, or several joined by commas
  const rows = checklist.split('\n').filter((l) => /^ {3}\| /.test(l)).map((l) => l.split('|')[1].trim());
  const named = new Set(rows.flatMap((cell) => cell.split(/, (?=[A-Z])/)));
  expect(labels.filter((l) => !named.has(l))).toEqual([]);
});

test('each map/reduce deployment ships Not Scheduled, and the checklist says so and what to set', () => {
  const scripts = fs.readdirSync(path.join(root, 'Objects')).filter((f) => /^customscript_pp_mr_.*\.xml$/.test(f));
  expect(scripts.length).toBeGreaterThanOrEqual(4);
  for (const file of scripts) {
    const xml = fs.readFileSync(path.join(root, 'Objects', file), 'utf8');
    const deployment = /<scriptdeployment scriptid="([^"]+)">/.exec(xml)![1];
    expect([deployment, /<status>([^<]+)<\/status>/.exec(xml)![1]]).toEqual([deployment, 'NOTSCHEDULED']);
    const row = checklist.split('\n').find((l) => l.includes(`(\`${deployment}\`)`));
    expect(row).toBeDefined();
    expect(row!.split('|').map((c) => c.trim()).slice(2, 4)).toEqual(['Not Scheduled', expect.stringMatching(/^Scheduled, /)]);
  }
});
