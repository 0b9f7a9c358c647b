/**
 * Objects/ checked against the SDF object schema written from Oracle's SDF XML reference
 * (__tests__/foundation/sdf/schema.ts): what `suitecloud project:validate` checks, on every
 * machine, also where the SuiteCloud CLI cannot download its Java SDK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { definedIds, parseManifestFeatures, Project, validateObject } from './sdf/validate';

const root = path.resolve(__dirname, '../..');
const objectsDir = path.join(root, 'Objects');
const files = fs.readdirSync(objectsDir).filter((f) => f.endsWith('.xml')).sort();
const read = (f: string) => fs.readFileSync(path.join(objectsDir, f), 'utf8');

function project(manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8')): Project {
  return { features: parseManifestFeatures(manifest), ids: new Set(files.flatMap((f) => definedIds(read(f)))) };
}

test.each(files)('%s passes the SDF schema', (file) => {
  expect(validateObject(read(file), project())).toEqual([]);
});

test('the project declares what it needs and nothing SDF would warn about', () => {
  // ACCOUNTING: the config's account fields select accounts (-112 depends on it)
  expect([...project().features].sort()).toEqual(['ACCOUNTING', 'CLIENTSUITESCRIPT', 'CUSTOMRECORDS', 'SERVERSIDESCRIPTING', 'SUBSIDIARIES']);
});

/** A real object with one defect seeded: the schema must reject it, with a message that says where and why. */
function rejects(file: string, change: (xml: string) => string, expected: RegExp, manifest?: string) {
  const xml = read(file);
  const bad = change(xml);
  if (!manifest) expect(bad).not.toBe(xml); // the seeded defect is in the object, or else in the manifest
  const problems = validateObject(bad, project(manifest));
  expect(problems).toEqual([expect.stringMatching(expected)]);
}

describe('seeded defects are rejected', () => {
  test('INLINE display type (the N/ui/serverWidget name, not an SDF value)', () => {
    rejects('custentity_pp_last_sync.xml', (x) => x.replace(/<displaytype>\w+<\/displaytype>/, '<displaytype>INLINE</displaytype>'),
      /^entitycustomfield\[custentity_pp_last_sync\] \(see https:\/\/docs\.oracle\.com\/\S+\): <displaytype> "INLINE" is not a value of generic_customfield_displaytype \(HIDDEN, LOCKED, NORMAL, SHOWASLIST, STATICTEXT\)$/);
    rejects('customrecord_pp_config.xml', (x) => x.replace('<displaytype>NORMAL</displaytype>', '<displaytype>INLINE</displaytype>'),
      /customrecordcustomfields > customrecordcustomfield\[custrecord_pp_cfg_\w+\].*"INLINE" is not a value of generic_customfield_displaytype/);
  });

  test('a title in a user event deployment', () => {
    rejects('customscript_pp_ue_customer.xml', (x) => x.replace('<isdeployed>', '<title>PayPack Customer</title>\n      <isdeployed>'),
      /scriptdeployments > scriptdeployment\[customdeploy_pp_ue_customer\] \(see \S+SDFxml_2716615335\.html\): <title> is not an element here$/);
  });

  test('a permission list naming a role that is neither standard nor the project\'s', () => {
    rejects('customrecord_pp_payment.xml', (x) => x.replace('<permittedrole>ACCOUNTANT</permittedrole>', '<permittedrole>BEAN_COUNTER</permittedrole>'),
      /customrecordtype\[customrecord_pp_payment\].*permittedrole.*"BEAN_COUNTER" is neither a \[reference\] nor a value of customrecordtype_permittedrole/);
  });

  test('an unknown element', () => {
    rejects('customscript_pp_sl_portal.xml', (x) => x.replace('<isinactive>', '<frobnicate>T</frobnicate>\n  <isinactive>'), /suitelet\[customscript_pp_sl_portal\].*: <frobnicate> is not an element here$/);
  });

  test('a missing required element', () => {
    rejects('customscript_pp_mr_events.xml', (x) => x.replace(/<scriptfile>[^<]*<\/scriptfile>/, ''), /mapreducescript\[customscript_pp_mr_events\].*: <scriptfile> is required$/);
    rejects('customscript_pp_sl_portal.xml', (x) => x.replace(/<title>[^<]*<\/title>/, ''), /scriptdeployment\[customdeploy_pp_sl_portal\].*: <title> is required$/);
  });

  test('a bad boolean', () => {
    rejects('customrecord_pp_event.xml', (x) => x.replace('<allowquicksearch>F</allowquicksearch>', '<allowquicksearch>false</allowquicksearch>'), /<allowquicksearch> takes T or F, not "false"$/);
  });

  test('an over-long scriptid', () => {
    const long = `custentity_pp_${'x'.repeat(27)}`;
    rejects('custentity_pp_portal_url.xml', (x) => x.replace('scriptid="custentity_pp_portal_url"', `scriptid="${long}"`), new RegExp(`scriptid ${long} is 41 characters long; at most 40$`));
  });

  test('an undeclared feature dependency', () => {
    rejects('customrecord_pp_sync_log.xml', (x) => x.replace('<enablesystemnotes>', '<enablemailmerge>F</enablemailmerge>\n  <enablesystemnotes>'),
      /<enablemailmerge> needs the MAILMERGE feature declared in manifest\.xml/);
    rejects('customrole_pp_webhook.xml', (x) => x.replace('<coreadminpermission>', '<restrictip>F</restrictip>\n  <coreadminpermission>'), /<restrictip> needs the IPADDRESSRULES feature/);
    rejects('customscript_pp_ue_customer.xml', (x) => x, /needs the SERVERSIDESCRIPTING feature declared in manifest\.xml$/, '<manifest><dependencies><features><feature required="true">CUSTOMRECORDS</feature></features></dependencies></manifest>');
  });

  test('an execution context that is not one, a value outside its list, a reference to nothing', () => {
    rejects('customscript_pp_ue_customer.xml', (x) => x.replace('</recordtype>', '</recordtype>\n      <executioncontext>USERINTERFACE|WEBSHOP</executioncontext>'), /<executioncontext> "WEBSHOP" not in execution_context$/);
    rejects('customscript_pp_mr_custsync.xml', (x) => x.replace('<status>NOTSCHEDULED</status>', '<status>DAILY</status>'), /<status> "DAILY" is not a value of script_status/);
    rejects('customscript_pp_sl_webhook.xml', (x) => x.replace('[customrole_pp_webhook]', '[customrole_pp_nobody]'), /<runasrole> refers to customrole_pp_nobody, which no object of the project defines$/);
  });

  test('a field that applies only under another value', () => {
    rejects('customrole_pp_portal.xml', (x) => x.replace('<restricttimeandexpenses>', '<employeeviewingallowed>F</employeeviewingallowed>\n  <restricttimeandexpenses>'),
      /<employeeviewingallowed> applies only when <employeerestriction> is not NONE or DEFAULTTOOWN; leave it out$/);
  });
});
