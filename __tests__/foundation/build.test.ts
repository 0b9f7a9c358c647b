/** What ships is what was tested: the compiled FileCabinet files, loaded as NetSuite loads them. */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { loadObjectsSchema } from '../../emulator/netsuite';
import { loadAmd, netsuiteResolver, readTags } from '../../emulator/amd';

const root = path.resolve(__dirname, '../..');
const out = path.join(root, 'FileCabinet/SuiteScripts/PayPack');
const schema = loadObjectsSchema(path.join(root, 'Objects'));

const SCRIPT_TYPE: Record<string, { tag: string; entries: string[] }> = {
  usereventscript: { tag: 'UserEventScript', entries: ['beforeLoad', 'beforeSubmit', 'afterSubmit'] },
  clientscript: { tag: 'ClientScript', entries: ['pageInit', 'fieldChanged', 'saveRecord', 'validateField', 'postSourcing', 'lineInit'] },
  suitelet: { tag: 'Suitelet', entries: ['onRequest'] },
  mapreducescript: { tag: 'MapReduceScript', entries: ['getInputData', 'map', 'reduce', 'summarize'] },
};

beforeAll(() => {
  // npm test builds first; build here too when jest runs alone so the test never reads stale files
  if (!fs.existsSync(out) || process.env.PAYPACK_SKIP_BUILD !== '1') execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'pipe' });
});

describe('compiled SuiteScript files', () => {
  const scripts = [...schema.scripts.values()];

  test.each(scripts.map((s) => [s.id, s]))('%s: its scriptfile exists, carries its tags and exports its entry points', (_id, s) => {
    const file = path.join(root, 'FileCabinet', s.file);
    expect(fs.existsSync(file)).toBe(true);
    const source = fs.readFileSync(file, 'utf8');
    // NetSuite reads the tags from the file's first comment block: it must come before define()
    expect(source.indexOf('@NApiVersion 2.1')).toBeLessThan(source.indexOf('define('));
    const kind = SCRIPT_TYPE[s.kind];
    const mod = loadAmd(file, netsuiteResolver());
    expect(mod.tags).toMatchObject({ NApiVersion: '2.1', NScriptType: kind.tag });
    const entries = Object.keys(mod.exports).filter((k) => kind.entries.includes(k));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(typeof mod.exports[e]).toBe('function');
    if (s.kind === 'mapreducescript') expect(mod.exports.getInputData).toBeInstanceOf(Function);
    // only NetSuite modules are left for the platform to resolve
    expect(mod.dependencies.filter((d) => d !== 'exports' && d !== 'require' && !d.startsWith('N/'))).toEqual([]);
  });

  test('every compiled file belongs to a script record (nothing ships that no object deploys)', () => {
    const shipped = fs.readdirSync(out).filter((f) => f.endsWith('.js')).map((f) => `/SuiteScripts/PayPack/${f}`).sort();
    expect(shipped).toEqual(scripts.map((s) => s.file).sort());
  });

  test('the client module path the user event sets is a shipped client script', () => {
    const ue = loadAmd(path.join(out, 'pp_ue_customer.js'), netsuiteResolver());
    const form = { clientScriptModulePath: '', buttons: [] as unknown[], addButton(b: unknown) { this.buttons.push(b); return b; } };
    (ue.exports.beforeLoad as (c: unknown) => void)({ type: 'view', UserEventType: { VIEW: 'view', EDIT: 'edit' }, form, newRecord: {} });
    const client = readTags(fs.readFileSync(path.join(root, 'FileCabinet', form.clientScriptModulePath), 'utf8'));
    expect(client.NScriptType).toBe('ClientScript');
  });
});

describe('the build avoids both TypeScript/AMD traps', () => {
  test('plain tsc --module amd drops the tag block of a file that starts with an import; our build keeps it', () => {
    const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'pp-amd-'));
    fs.writeFileSync(path.join(tmp, 'x.ts'), "/**\n * @NApiVersion 2.1\n * @NScriptType Suitelet\n */\nimport * as log from 'N/log';\nexport function onRequest() { log.debug('x'); }\n");
    fs.writeFileSync(path.join(tmp, 'n.d.ts'), "declare module 'N/log' { export function debug(t: string): void; }\n");
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--module', 'amd', '--outDir', tmp, path.join(tmp, 'x.ts'), path.join(tmp, 'n.d.ts')], { stdio: 'pipe', cwd: tmp });
    const plain = fs.readFileSync(path.join(tmp, 'x.js'), 'utf8');
    const plainTagsBeforeDefine = plain.indexOf('@NApiVersion') >= 0 && plain.indexOf('@NApiVersion') < plain.indexOf('define(');
    expect(plainTagsBeforeDefine).toBe(false);
    const ours = fs.readFileSync(path.join(out, 'pp_sl_webhook.js'), 'utf8');
    expect(readTags(ours).NApiVersion).toBe('2.1');
  });

  test('the build does not rely on tsc AMD output, and the TypeScript used is pinned', () => {
    const build = require(path.join(root, 'tsconfig.build.json'));
    const base = require(path.join(root, 'tsconfig.json'));
    expect(String(build.compilerOptions.module || base.compilerOptions.module).toLowerCase()).not.toBe('amd');
    const pkg = require(path.join(root, 'package.json'));
    expect(pkg.devDependencies.typescript).toMatch(/^\d+\.\d+\.\d+$/); // exact version
  });
});

describe('npm run validate / deploy without the SuiteCloud CLI', () => {
  test('say why npm dropped the optional CLI and how to install it, and run nothing', () => {
    const cp = require('child_process') as typeof import('child_process');
    const root = require('path').resolve(__dirname, '../..') as string;
    if (require('fs').existsSync(require('path').join(root, 'node_modules/.bin/suitecloud'))) return; // where the CLI is installed, the script hands over to it
    const run = cp.spawnSync(process.execPath, [require('path').join(root, 'scripts/suitecloud.mjs'), 'deploy'], { encoding: 'utf8', env: { ...process.env, SUITECLOUD_CLI_ACCEPT_LICENSE: '' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('The SuiteCloud CLI (@oracle/suitecloud-cli) is not installed, so "deploy" cannot run here.');
    expect(run.stderr).toContain('drops it without a word when its install script fails');
    expect(run.stderr).toContain('SUITECLOUD_CLI_ACCEPT_LICENSE=true (NOT set in this shell)');
    expect(run.stderr).toContain('https://system.netsuite.com/download/suitecloud-sdk/');
    expect(run.stderr).toMatch(/Java 17 or 21 \((java \d+|no java) found( on PATH)?\)/);
    expect(run.stderr).toContain('SUITECLOUD_CLI_ACCEPT_LICENSE=true npm install --no-save --foreground-scripts @oracle/suitecloud-cli');
  });
});
