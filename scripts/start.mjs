#!/usr/bin/env node
// npm start: check the sandbox's options first (--help and a bad option answer at once), then
// build the bundle and the sandbox, and run it with the same options.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { HELP, UsageError, parseArgs } = require('../sandbox/options.js');

const args = process.argv.slice(2);
try {
  if (parseArgs(args) === 'help') {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}

const step = (file, stepArgs) => {
  const r = spawnSync(process.execPath, [file, ...stepArgs], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(join(root, 'scripts/build.mjs'), []);
step(join(root, 'node_modules/typescript/bin/tsc'), ['-p', join(root, 'tsconfig.sandbox.json')]);
// the sandbox serves until Ctrl-C: it gets the signal too, and its exit code is ours
const run = spawnSync(process.execPath, [join(root, 'build/sandbox/sandbox/main.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? (run.signal === 'SIGINT' ? 130 : 1));
