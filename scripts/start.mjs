#!/usr/bin/env node
// npm start: check the sandbox's options first (--help, a bad option, options npm took for itself,
// a bad key or --data folder answer at once), then build the bundle and the sandbox, and run it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { HELP, UsageError, parseArgs } = require('../sandbox/options.js');
const { preflight, swallowedOptions } = require('../sandbox/preflight.js');

const args = process.argv.slice(2);
try {
  // first: an option npm took leaves its value behind as a stray argument the parser would blame instead
  swallowedOptions(process.env);
  const opts = parseArgs(args);
  if (opts === 'help') {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  // every refusal that needs no build comes before the build (the sandbox checks the same again)
  preflight(opts, process.env);
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
