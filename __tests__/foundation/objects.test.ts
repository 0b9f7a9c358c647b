/** The SDF objects are complete, well-formed and agree with the code that uses them. */
import * as fs from 'fs';
import * as path from 'path';
import { XMLValidator } from 'fast-xml-parser';
import { loadObjectsSchema, parseXml } from '../../emulator/netsuite';

const root = path.resolve(__dirname, '../..');
const objectsDir = path.join(root, 'Objects');
const schema = loadObjectsSchema(objectsDir);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('SDF objects', () => {
  const xmlFiles = [...walk(objectsDir), path.join(root, 'manifest.xml'), path.join(root, 'deploy.xml')].filter((f) => f.endsWith('.xml'));

  test.each(xmlFiles.map((f) => path.relative(root, f)))('%s is well-formed XML', (rel) => {
    expect(XMLValidator.validate(fs.readFileSync(path.join(root, rel), 'utf8'))).toBe(true);
  });

  test('each object file is named after its script id, and every id fits NetSuite\'s 40 characters', () => {
    const ids: string[] = [];
    for (const [id, obj] of schema.objects) {
      expect(fs.existsSync(path.join(objectsDir, `${id}.xml`))).toBe(true);
      ids.push(id);
      if (obj.kind === 'customrecordtype') ids.push(...schema.recordTypes.get(id)!.fields.keys());
    }
    for (const s of schema.scripts.values()) ids.push(...s.deployments.map((d) => d.id), ...s.parameters.map((p) => p.id));
    const tooLong = ids.filter((id) => id.length > 40);
    expect(tooLong).toEqual([]);
  });

  test('the contract: every record, field and script of DESIGN.md exists', () => {
    expect([...schema.recordTypes.keys()].sort()).toEqual([
      'customrecord_pp_config', 'customrecord_pp_customer_link', 'customrecord_pp_event', 'customrecord_pp_payment', 'customrecord_pp_payout', 'customrecord_pp_payout_bank',
      'customrecord_pp_sync_log', 'customrecord_pp_webhook',
    ]);
    const fields = (rt: string) => [...schema.recordTypes.get(rt)!.fields.keys()];
    expect(fields('customrecord_pp_config')).toEqual(expect.arrayContaining([
      'custrecord_pp_cfg_subsidiaries', 'custrecord_pp_cfg_secret', 'custrecord_pp_cfg_sync_field', 'custrecord_pp_cfg_sync_search',
      'custrecord_pp_cfg_mass_search', 'custrecord_pp_cfg_defpm_search', 'custrecord_pp_cfg_autosync', 'custrecord_pp_cfg_webhook_enabled',
      'custrecord_pp_cfg_webhook_id', 'custrecord_pp_cfg_webhook_secret', 'custrecord_pp_cfg_portal_return_url',
    ]));
    expect(fields('customrecord_pp_event')).toEqual(expect.arrayContaining([
      'custrecord_pp_evt_id', 'custrecord_pp_evt_type', 'custrecord_pp_evt_config', 'custrecord_pp_evt_created', 'custrecord_pp_evt_status',
      'custrecord_pp_evt_attempts', 'custrecord_pp_evt_error', 'custrecord_pp_evt_customer', 'custrecord_pp_evt_payload',
    ]));
    // the payment ledger and the payouts: the ids DESIGN.md fixes
    expect(fields('customrecord_pp_payment')).toEqual(expect.arrayContaining([
      'custrecord_pp_pay_charge_id', 'custrecord_pp_pay_customer', 'custrecord_pp_pay_config', 'custrecord_pp_pay_intent_id', 'custrecord_pp_pay_invoice_id',
      'custrecord_pp_pay_amount', 'custrecord_pp_pay_currency', 'custrecord_pp_pay_refunded', 'custrecord_pp_pay_fee', 'custrecord_pp_pay_net',
      'custrecord_pp_pay_status', 'custrecord_pp_pay_failure', 'custrecord_pp_pay_method', 'custrecord_pp_pay_created', 'custrecord_pp_pay_payout',
    ]));
    expect(fields('customrecord_pp_payout')).toEqual(expect.arrayContaining([
      'custrecord_pp_po_id', 'custrecord_pp_po_config', 'custrecord_pp_po_amount', 'custrecord_pp_po_currency', 'custrecord_pp_po_arrival',
      'custrecord_pp_po_status', 'custrecord_pp_po_failure', 'custrecord_pp_po_count', 'custrecord_pp_po_gross', 'custrecord_pp_po_fees',
      'custrecord_pp_po_deposit', 'custrecord_pp_po_posting',
    ]));
    expect(fields('customrecord_pp_payout_bank')).toEqual(['custrecord_pp_pb_config', 'custrecord_pp_pb_currency', 'custrecord_pp_pb_account']);
    expect([...schema.entityFields.keys()]).toEqual(expect.arrayContaining([
      'custentity_pp_stripe_customer_id', 'custentity_pp_default_pm', 'custentity_pp_default_pm_id', 'custentity_pp_portal_url', 'custentity_pp_last_sync',
    ]));
    const kinds = Object.fromEntries([...schema.scripts.values()].map((s) => [s.id, s.kind]));
    expect(kinds).toEqual({
      customscript_pp_ue_customer: 'usereventscript', customscript_pp_cs_customer: 'clientscript', customscript_pp_sl_sync: 'suitelet',
      customscript_pp_mr_custsync: 'mapreducescript', customscript_pp_mr_defpm: 'mapreducescript', customscript_pp_sl_webhook: 'suitelet',
      customscript_pp_ue_config: 'usereventscript', customscript_pp_mr_events: 'mapreducescript', customscript_pp_sl_portal: 'suitelet',
      customscript_pp_mr_payments: 'mapreducescript', customscript_pp_sl_pay: 'suitelet', customscript_pp_ue_invoice: 'usereventscript',
      customscript_pp_ue_payout_bank: 'usereventscript',
      customscript_pp_sl_reconcile: 'suitelet',
      customscript_pp_cs_invoice: 'clientscript', customscript_pp_sl_charge: 'suitelet', customscript_pp_mr_autopay: 'mapreducescript',
    });
  });

  test('deployments: ids follow the script ids, and each is deployed where DESIGN.md says', () => {
    for (const s of schema.scripts.values()) {
      for (const d of s.deployments) expect(d.id).toBe(s.id.replace(/^customscript_/, 'customdeploy_'));
    }
    const dep = (id: string) => schema.scripts.get(id)!.deployments[0];
    expect(dep('customscript_pp_ue_customer').recordType).toBe('customer');
    expect(dep('customscript_pp_ue_config').recordType).toBe('customrecord_pp_config');
    expect(dep('customscript_pp_mr_custsync').status).toBe('NOTSCHEDULED');
    expect(dep('customscript_pp_mr_defpm').status).toBe('NOTSCHEDULED');
    const webhook = dep('customscript_pp_sl_webhook');
    expect(webhook.isOnline).toBe(true);
    expect(webhook.status).toBe('RELEASED');
    // a minimal role of the bundle's own, never Administrator
    expect(webhook.runAsRole).toBe('[customrole_pp_webhook]');
    expect(schema.objects.get('customrole_pp_webhook')?.kind).toBe('role');
    expect(dep('customscript_pp_sl_sync').isOnline).toBe(false);
    const portal = dep('customscript_pp_sl_portal');
    expect([portal.isOnline, portal.status, portal.runAsRole]).toEqual([true, 'RELEASED', '[customrole_pp_portal]']);
    expect(schema.objects.get('customrole_pp_portal')?.kind).toBe('role');
    const pay = dep('customscript_pp_sl_pay');
    expect([pay.isOnline, pay.status, pay.runAsRole]).toEqual([true, 'RELEASED', '[customrole_pp_pay]']);
    expect(dep('customscript_pp_ue_invoice').recordType).toBe('invoice');
    // Charge Card: login, the user's own role (no runasrole), so a role that cannot edit the invoice cannot charge it
    const charge = dep('customscript_pp_sl_charge');
    expect([charge.isOnline, charge.status, charge.runAsRole]).toEqual([false, 'RELEASED', undefined]);
    expect(dep('customscript_pp_mr_autopay').status).toBe('NOTSCHEDULED');
    expect(dep('customscript_pp_ue_payout_bank').recordType).toBe('customrecord_pp_payout_bank');
    // the reconciliation page: login, for the roles that may view PayPack's payout and payment records
    const reconcile = dep('customscript_pp_sl_reconcile');
    expect([reconcile.isOnline, reconcile.status]).toEqual([false, 'RELEASED']);
    const audience = (schema.objects.get('customscript_pp_sl_reconcile')!.body.scriptdeployments as { scriptdeployment: Record<string, unknown> }).scriptdeployment;
    expect([audience.allroles, String(audience.audslctrole).split('|').sort()]).toEqual(['F', ['ACCOUNTANT', 'ADMINISTRATOR']]);
    for (const type of ['customrecord_pp_payout', 'customrecord_pp_payment']) {
      const permitted = (schema.objects.get(type)!.body.permissions as { permission: Array<{ permittedrole: string }> }).permission.map((p) => p.permittedrole);
      expect(permitted).toEqual(expect.arrayContaining(['ADMINISTRATOR', 'ACCOUNTANT']));
    }
  });

  test('every custentity_/custrecord_/custscript_ id the code uses is defined in Objects/', () => {
    const defined = new Set<string>([...schema.entityFields.keys()]);
    for (const rt of schema.recordTypes.values()) for (const f of rt.fields.keys()) defined.add(f);
    for (const s of schema.scripts.values()) for (const p of s.parameters) defined.add(p.id);
    const used = new Map<string, string>();
    for (const file of walk(path.join(root, 'src')).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\b(custentity_pp_\w+|custrecord_pp_\w+|custscript_pp_\w+)\b/g)) used.set(m[1], path.relative(root, file));
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter(([id]) => !defined.has(id)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  test('manifest declares the features the bundle needs; deploy.xml ships FileCabinet and Objects', () => {
    const manifest = parseXml(fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8')) as { manifest: { dependencies: { features: { feature: Array<{ '#text': string; '@_required': string }> } } } };
    const features = Object.fromEntries(manifest.manifest.dependencies.features.feature.map((f) => [f['#text'], f['@_required']]));
    expect(features).toMatchObject({ CUSTOMRECORDS: 'true', SERVERSIDESCRIPTING: 'true', CLIENTSUITESCRIPT: 'true' });
    const deploy = parseXml(fs.readFileSync(path.join(root, 'deploy.xml'), 'utf8')) as { deploy: { files: { path: string }; objects: { path: string } } };
    expect(deploy.deploy.files.path).toBe('~/FileCabinet/*');
    expect(deploy.deploy.objects.path).toBe('~/Objects/*');
  });
});

describe('who may do what: permission lists', () => {
  const xml = (id: string) => fs.readFileSync(path.join(objectsDir, `${id}.xml`), 'utf8');
  const records = [...schema.recordTypes.keys()].filter((id) => id.startsWith('customrecord_pp_'));
  /** record -> role -> level, from the records' permission lists */
  const lists = new Map(records.map((id) => [id, new Map([...xml(id).matchAll(/<permittedrole>([^<]+)<\/permittedrole>\s*<permittedlevel>(\w+)<\/permittedlevel>/g)].map((m) => [m[1], m[2]]))]));
  const roles = [...schema.objects.entries()].filter(([, o]) => o.kind === 'role').map(([id]) => id);

  test('every PayPack record uses a permission list with the administrator on it: the generic Custom Record Entries permission opens none of them', () => {
    for (const id of records) {
      expect(`${id}: ${/<accesstype>(\w+)<\/accesstype>/.exec(xml(id))![1]}`).toBe(`${id}: USEPERMISSIONLIST`);
      expect(lists.get(id)!.get('ADMINISTRATOR')).toBe('FULL');
    }
  });

  test('the bundle\'s roles and the permission lists say the same thing, record by record', () => {
    for (const role of roles) {
      const granted = new Map([...xml(role).matchAll(/<permkey>\[(customrecord_[^\]]+)\]<\/permkey>\s*<permlevel>(\w+)<\/permlevel>/g)].map((m) => [m[1], m[2]]));
      const listed = new Map(records.flatMap((rec) => (lists.get(rec)!.has(`[${role}]`) ? [[rec, lists.get(rec)!.get(`[${role}]`)!]] : [])));
      expect({ role, records: Object.fromEntries(granted) }).toEqual({ role, records: Object.fromEntries(listed) });
    }
  });

  test('nobody but the administrator may change a config; only the webhook role may write the event log the retry job applies', () => {
    const writers = (rec: string) => [...lists.get(rec)!].filter(([, level]) => level === 'EDIT' || level === 'FULL' || level === 'CREATE').map(([r]) => r).sort();
    expect(writers('customrecord_pp_config')).toEqual(['ADMINISTRATOR']);
    expect(writers('customrecord_pp_webhook')).toEqual(['ADMINISTRATOR']);
    expect(writers('customrecord_pp_event')).toEqual(['ADMINISTRATOR', '[customrole_pp_webhook]']);
    // the ledger: Stripe (through the webhook role) and the administrator's jobs write it; accountants read it
    for (const rec of ['customrecord_pp_payment', 'customrecord_pp_payout']) {
      expect(writers(rec)).toEqual(['ADMINISTRATOR', '[customrole_pp_webhook]']);
      expect(lists.get(rec)!.get('ACCOUNTANT')).toBe('VIEW');
    }
  });

  // the portal link is also written by the pay Suitelet's role, whose click syncs a customer with no Stripe customer yet
  test.each([
    ['custentity_pp_portal_url', { ACCOUNTANT: '2/1', '[customrole_pp_portal]': '1/1', '[customrole_pp_pay]': '2/1' }],
    ['custbody_pp_pay_url', { ACCOUNTANT: '2/0', '[customrole_pp_pay]': '1/1' }],
  ])('%s is a bearer credential: only the roles that write, send or check it can read it', (id, checkers) => {
    const field = xml(id);
    expect([/<accesslevel>(\d)<\/accesslevel>\s*<searchlevel>(\d)<\/searchlevel>\s*<roleaccesses>/.exec(field)!.slice(1)]).toEqual([['0', '0']]);
    const access = Object.fromEntries([...field.matchAll(/<role>([^<]+)<\/role>\s*<accesslevel>(\d)<\/accesslevel>\s*<searchlevel>(\d)<\/searchlevel>/g)].map((m) => [m[1], `${m[2]}/${m[3]}`]));
    // the administrator's jobs and the accountant's saves write it (PayPack Sync also searches the portal link it keeps); the Suitelet's role looks it up
    expect(access).toEqual({ ADMINISTRATOR: '2/1', ...checkers });
  });
});
