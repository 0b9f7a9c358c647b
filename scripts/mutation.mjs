#!/usr/bin/env node
// npm run mutation -- [group ...]: Stryker over src/core in groups of files, one run per group, each
// report kept as reports/mutation/<group>.json. The whole core takes hours on two cores and Stryker
// writes its report only when a run ends, so a run of everything that is stopped leaves nothing;
// groups that finish leave their scores. Then reports/mutation/summary.md tables every kept report.
//   npm run mutation                  every group, in order
//   npm run mutation -- payouts sync  those groups
//   npm run mutation -- --summary     only the table, from the reports kept
//   npm run mutation -- --survivors   the table, then each survived or uncovered mutant (file:line, what changed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'reports/mutation');

// every file of src/core in one group; the slow ones (long flow tests cover them) alone or in pairs
const GROUPS = {
  small: ['config.ts', 'payment-method.ts', 'default-pm-refresh.ts', 'stripe/form.ts', 'stripe/customers.ts', 'webhook-endpoint.ts', 'portal-link.ts'],
  sync: ['sync.ts', 'sync-flow.ts', 'text.ts', 'ids.ts', 'webhook-receiver.ts'],
  // loops: a mutant that never ends is a timeout, and each timeout restarts a test runner
  mapping: ['mapping.ts', 'sha256.ts'],
  deposits: ['deposits.ts'],
  payouts: ['payouts.ts', 'payments.ts'],
  import: ['payment-import.ts', 'payments-job.ts'],
  events: ['webhook-events.ts', 'stripe/client.ts'],
  books: ['books.ts', 'pay-link.ts', 'event-retry.ts', 'webhook-signature.ts'],
};

function missingFromGroups() {
  const listed = new Set(Object.values(GROUPS).flat());
  const walk = (dir) => readdirSync(join(root, 'src/core', dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return walk('').filter((f) => f.endsWith('.ts') && !listed.has(f));
}

function run(group) {
  const files = GROUPS[group];
  if (!files) throw new Error(`No group ${group}: the groups are ${Object.keys(GROUPS).join(', ')}.`);
  console.log(`\n== ${group}: ${files.join(', ')}`);
  rmSync(join(root, '.stryker-tmp'), { recursive: true, force: true });
  const report = join(out, 'mutation.json');
  rmSync(report, { force: true });
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', '--mutate', files.map((f) => `src/core/${f}`).join(',')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(report)) {
    console.error(`Group ${group} did not finish (exit ${r.status}); its report was not kept.`);
    return false;
  }
  renameSync(report, join(out, `${group}.json`));
  console.log(`Group ${group}: ${Math.round((Date.now() - started) / 60000)} min.`);
  return true;
}

function tally(mutants) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
    else if (m.status === 'CompileError') c.compileError++;
  }
  return c;
}

const score = (c) => `${Math.round((100 * (c.killed + c.timeout)) / Math.max(1, c.killed + c.timeout + c.survived + c.noCoverage))}%`;

function summary() {
  const rows = [];
  const total = tally([]);
  for (const group of Object.keys(GROUPS)) {
    const file = join(out, `${group}.json`);
    if (!existsSync(file)) continue;
    for (const [path, data] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).files)) {
      const c = tally(data.mutants);
      for (const k of Object.keys(total)) total[k] += c[k];
      rows.push(`| ${path.replace('src/core/', '')} | ${score(c)} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.compileError} |`);
    }
  }
  const table = ['| file | score | killed | timed out | survived | not covered | rejected by the type checker |', '|---|---:|---:|---:|---:|---:|---:|', ...rows.sort(), `| all | ${score(total)} | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | ${total.compileError} |`].join('\n');
  writeFileSync(join(out, 'summary.md'), `${table}\n`);
  console.log(`\n${table}\n\n(reports/mutation/summary.md; each group's mutants in reports/mutation/<group>.json)`);
}

/** Every mutant no test caught, as file:line, the mutator and what the code became: the list to kill or explain. */
function survivors() {
  for (const group of Object.keys(GROUPS)) {
    const file = join(out, `${group}.json`);
    if (!existsSync(file)) continue;
    for (const [path, data] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).files)) {
      for (const m of data.mutants) {
        if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
        const change = String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
        console.log(`${path}:${m.location.start.line} ${m.status === 'NoCoverage' ? 'not covered' : 'survived'} ${m.mutatorName}: ${change}`);
      }
    }
  }
}

const missing = missingFromGroups();
if (missing.length) {
  console.error(`src/core files in no group of scripts/mutation.mjs: ${missing.join(', ')}. Add them to a group.`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const args = process.argv.slice(2);
let ok = true;
const listOnly = args.includes('--summary') || args.includes('--survivors');
if (!listOnly) for (const group of args.length ? args : Object.keys(GROUPS)) ok = run(group) && ok;
summary();
if (args.includes('--survivors')) survivors();
process.exit(ok ? 0 : 1);
