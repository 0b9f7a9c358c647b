#!/usr/bin/env node
// npm run bench: build, then run the budget tests with their table printed.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--testPathPatterns', '/bench/budgets', '--silent'], {
  cwd: root, stdio: 'inherit', env: { ...process.env, PAYPACK_BENCH: '1' },
});
process.exit(run.status ?? 1);
