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
  // npm drops an optional dependency whose install script fails, and says so only at --loglevel verbose.
  // The CLI's install script (postinstall.js) does two things that fail quietly that way:
  // it refuses without the licence accepted, and it downloads Oracle's SuiteCloud SDK jar.
  const licence = process.env.SUITECLOUD_CLI_ACCEPT_LICENSE === 'true';
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaVersion = java.error ? '' : (/version "(\d+)/.exec(`${java.stderr}${java.stdout}`) || [])[1] || '?';
  console.error([
    `The SuiteCloud CLI (@oracle/suitecloud-cli) is not installed, so "${command}" cannot run here.`,
    'npm installs it as an optional dependency and drops it without a word when its install script fails. That script:',
    `  - needs Oracle's licence accepted: SUITECLOUD_CLI_ACCEPT_LICENSE=true (${licence ? 'set in this shell' : 'NOT set in this shell'});`,
    '  - downloads the SuiteCloud SDK (a Java jar) from https://system.netsuite.com/download/suitecloud-sdk/ (this machine must reach it);',
    `  - and the CLI runs that jar with Java 17 or 21 (${javaVersion ? `java ${javaVersion} found` : 'no java found on PATH'}).`,
    'To install it and see any error:',
    '  SUITECLOUD_CLI_ACCEPT_LICENSE=true npm install --no-save --foreground-scripts @oracle/suitecloud-cli',
    'then set up the account once with `npx suitecloud account:setup` and run this again.',
  ].join('\n'));
  process.exit(1);
}
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(cli, [...commands[command], ...extra], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
