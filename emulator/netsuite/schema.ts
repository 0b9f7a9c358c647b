import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';
import { FieldAccess, levelOf, RecordAccess, RoleDef, roleId } from './permissions';

/** Field and record definitions read from the SDF objects (Objects/*.xml), as an account would install them. */
export interface FieldDef {
  id: string;
  label: string;
  type: string; // SDF fieldtype: TEXT, CHECKBOX, SELECT, MULTISELECT, INTEGER, DATETIMETZ, ...
  selectRecordType?: string; // record type id the select points at (customer, subsidiary, customrecord_x)
  defaultValue?: unknown;
  mandatory: boolean;
  /** Access subtab (accesslevel/searchlevel, roleaccesses), when the field sets one. */
  access?: FieldAccess;
}

export type { FieldAccess, RoleDef } from './permissions';

export interface RecordTypeDef extends RecordAccess {
  id: string;
  name: string;
  includeName: boolean;
  /** enablesystemnotes: each change of a record of the type is kept as a system note, old and new value. */
  systemNotes: boolean;
  fields: Map<string, FieldDef>;
}

export interface ScriptDeploymentDef {
  id: string;
  status: string;
  isOnline: boolean;
  runAsRole?: string;
  recordType?: string;
}

export interface ScriptDef {
  id: string;
  kind: string; // usereventscript, suitelet, mapreducescript, clientscript, ...
  name: string;
  file: string; // /SuiteScripts/PayPack/x.js
  deployments: ScriptDeploymentDef[];
  parameters: FieldDef[];
}

export interface ObjectsSchema {
  recordTypes: Map<string, RecordTypeDef>;
  entityFields: Map<string, FieldDef>;
  /** Transaction body fields (custbody_...). */
  bodyFields: Map<string, FieldDef>;
  scripts: Map<string, ScriptDef>;
  roles: Map<string, RoleDef>;
  /** Every object file, parsed, by script id (roles and anything else). */
  objects: Map<string, { kind: string; body: Record<string, unknown> }>;
}

const STANDARD_SELECT_TYPES: Record<string, string> = { '-2': 'customer', '-117': 'subsidiary', '-4': 'employee', '-10': 'item' };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true });

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

function asArray<T>(v: T | T[] | undefined): T[] {
  if (v === undefined || v === null || (v as unknown) === '') return [];
  return Array.isArray(v) ? v : [v];
}

function selectTarget(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const s = String(raw);
  const ref = /^\[(?:scriptid=)?([a-z0-9_]+)\]$/.exec(s);
  if (ref) return ref[1];
  return STANDARD_SELECT_TYPES[s] || s;
}

function accessFrom(node: Record<string, unknown>): FieldAccess | undefined {
  const holder = node.roleaccesses as Record<string, unknown> | undefined;
  const named = asArray(holder?.roleaccess as Record<string, unknown>[]);
  if (node.accesslevel === undefined && node.searchlevel === undefined && !named.length) return undefined;
  // NetSuite's defaults for a new field: Edit, and Edit for search/reporting
  const level = (v: unknown, fallback: number) => (v === undefined || v === '' ? fallback : Number(v));
  return {
    defaults: { access: level(node.accesslevel, 2), search: level(node.searchlevel, 2) },
    roles: new Map(named.map((r) => [roleId(r.role), { access: level(r.accesslevel, 0), search: level(r.searchlevel, 0) }])),
  };
}

function fieldFrom(node: Record<string, unknown>): FieldDef {
  const type = String(node.fieldtype || 'TEXT');
  let defaultValue: unknown;
  if (type === 'CHECKBOX') defaultValue = node.defaultchecked === 'T';
  else if (node.defaultvalue !== undefined && node.defaultvalue !== '') defaultValue = String(node.defaultvalue);
  return {
    id: String(node['@_scriptid']),
    label: String(node.label || ''),
    type,
    selectRecordType: selectTarget(node.selectrecordtype),
    defaultValue,
    mandatory: node.ismandatory === 'T',
    access: accessFrom(node),
  };
}

export function loadObjectsSchema(objectsDir: string): ObjectsSchema {
  const schema: ObjectsSchema = { recordTypes: new Map(), entityFields: new Map(), bodyFields: new Map(), scripts: new Map(), roles: new Map(), objects: new Map() };
  for (const file of fs.readdirSync(objectsDir).filter((f) => f.endsWith('.xml')).sort()) {
    const doc = parseXml(fs.readFileSync(path.join(objectsDir, file), 'utf8'));
    const kind = Object.keys(doc).find((k) => !k.startsWith('?'));
    if (!kind) continue;
    const body = doc[kind] as Record<string, unknown>;
    const id = String(body['@_scriptid']);
    // Oracle, "Saved Searches as XML Definitions": a savedsearch object is made in NetSuite and imported, its
    // definition an encoded export never to be edited; the account double cannot read one, so it refuses it loudly
    if (kind === 'savedsearch') {
      throw new Error(`${file}: a savedsearch object's definition is an export from a NetSuite account that cannot be written by hand, and the account double cannot read it; have the bundle make the search (src/netsuite/payout-search.ts) or the test define it.`);
    }
    schema.objects.set(id, { kind, body });
    if (kind === 'customrecordtype') {
      const fields = new Map<string, FieldDef>();
      const holder = body.customrecordcustomfields as Record<string, unknown> | undefined;
      for (const f of asArray(holder?.customrecordcustomfield as Record<string, unknown>[])) {
        const def = fieldFrom(f);
        fields.set(def.id, def);
      }
      const perms = body.permissions as Record<string, unknown> | undefined;
      schema.recordTypes.set(id, {
        id, name: String(body.recordname), includeName: body.includename === 'T', systemNotes: body.enablesystemnotes === 'T', fields,
        accessType: String(body.accesstype || 'CUSTRECORDENTRYPERM'),
        permissions: new Map(asArray(perms?.permission as Record<string, unknown>[]).map((p) => [roleId(p.permittedrole), levelOf(p.permittedlevel)])),
      });
    } else if (kind === 'role') {
      const perms = body.permissions as Record<string, unknown> | undefined;
      schema.roles.set(id, {
        id, name: String(body.name || id),
        permissions: new Map(asArray(perms?.permission as Record<string, unknown>[]).map((p) => {
          const key = String(p.permkey);
          return [/^\[/.test(key) ? roleId(key) : key.toUpperCase(), levelOf(p.permlevel)];
        })),
      });
    } else if (kind === 'entitycustomfield') {
      schema.entityFields.set(id, fieldFrom(body));
    } else if (kind === 'transactionbodycustomfield') {
      schema.bodyFields.set(id, fieldFrom(body));
    } else if (/script$|^suitelet$|^restlet$/.test(kind)) {
      const holder = body.scriptdeployments as Record<string, unknown> | undefined;
      const params = body.scriptcustomfields as Record<string, unknown> | undefined;
      schema.scripts.set(id, {
        id,
        kind,
        name: String(body.name || id),
        file: String(body.scriptfile || '').replace(/^\[|\]$/g, ''),
        deployments: asArray(holder?.scriptdeployment as Record<string, unknown>[]).map((d) => ({
          id: String(d['@_scriptid']),
          status: String(d.status || 'TESTING'),
          isOnline: d.isonline === 'T',
          runAsRole: d.runasrole ? String(d.runasrole) : undefined,
          recordType: d.recordtype ? String(d.recordtype).replace(/^\[|\]$/g, '').toLowerCase() : undefined,
        })),
        parameters: asArray(params?.scriptcustomfield as Record<string, unknown>[]).map(fieldFrom),
      });
    }
  }
  return schema;
}
