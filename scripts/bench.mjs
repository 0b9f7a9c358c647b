#!/usr/bin/env node
// npm run bench: build, run the budget tests, and print their table (build/bench.md) without jest's own
// lines; when a budget fails, jest's output is what is printed instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// the budget tests run the compiled bundle: build it first, as on a fresh clone nothing is built yet
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) process.exit(built.status ?? 1);
const table = join(root, 'build/bench.md');
rmSync(table, { force: true });
process.stdout.write('Measuring 1,000 of each flow on the compiled bundle (about a minute)...\n');
const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--testPathPatterns', '/bench/budgets', '--silent'], {
  cwd: root, encoding: 'utf8', env: { ...process.env, PAYPACK_BENCH: '1' },
});
if (run.status !== 0 || !existsSync(table)) {
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exit(run.status || 1);
}
process.stdout.write(`\n${readFileSync(table, 'utf8')}`);
