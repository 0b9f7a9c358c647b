#!/usr/bin/env node
// `npm run validate` / `npm run deploy`: build, then hand over to the SuiteCloud CLI when it is
// installed. It is an optional dependency (its install downloads a Java SDK from Oracle), so
// say plainly what to do where it is missing instead of failing obscurely.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
const extra = process.argv.slice(3);
const commands = { validate: ['project:validate'], deploy: ['project:deploy'] }; // add -- --server to validate against the account
if (!commands[command]) {
  console.error(`usage: node scripts/suitecloud.mjs validate|deploy [suitecloud options]`);
  process.exit(2);
}
const cli = join(root, 'node_modules/.bin/suitecloud');
if (!existsSync(cli)) {
  console.error([
    `The SuiteCloud CLI is not installed, so "${command}" cannot run here.`,
    'Install it on a machine that can reach Oracle (it downloads its Java SDK) and has Java 17 or 21:',
    '  SUITECLOUD_CLI_ACCEPT_LICENSE=true npm install --include=optional',
    'then set up the account once with `npx suitecloud account:setup` and run this again.',
  ].join('\n'));
  process.exit(1);
}
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(cli, [...commands[command], ...extra], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
