#!/usr/bin/env node
// npm run bench: build, then run the budget tests with their table printed.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// the budget tests run the compiled bundle: build it first, as on a fresh clone nothing is built yet
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--testPathPatterns', '/bench/budgets', '--silent'], {
  cwd: root, stdio: 'inherit', env: { ...process.env, PAYPACK_BENCH: '1' },
});
process.exit(run.status ?? 1);
