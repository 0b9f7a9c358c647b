import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';

/** Field and record definitions read from the SDF objects (Objects/*.xml), as an account would install them. */
export interface FieldDef {
  id: string;
  label: string;
  type: string; // SDF fieldtype: TEXT, CHECKBOX, SELECT, MULTISELECT, INTEGER, DATETIMETZ, ...
  selectRecordType?: string; // record type id the select points at (customer, subsidiary, customrecord_x)
  defaultValue?: unknown;
  mandatory: boolean;
}

export interface RecordTypeDef {
  id: string;
  name: string;
  includeName: boolean;
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
  };
}

export function loadObjectsSchema(objectsDir: string): ObjectsSchema {
  const schema: ObjectsSchema = { recordTypes: new Map(), entityFields: new Map(), bodyFields: new Map(), scripts: new Map(), objects: new Map() };
  for (const file of fs.readdirSync(objectsDir).filter((f) => f.endsWith('.xml')).sort()) {
    const doc = parseXml(fs.readFileSync(path.join(objectsDir, file), 'utf8'));
    const kind = Object.keys(doc).find((k) => !k.startsWith('?'));
    if (!kind) continue;
    const body = doc[kind] as Record<string, unknown>;
    const id = String(body['@_scriptid']);
    schema.objects.set(id, { kind, body });
    if (kind === 'customrecordtype') {
      const fields = new Map<string, FieldDef>();
      const holder = body.customrecordcustomfields as Record<string, unknown> | undefined;
      for (const f of asArray(holder?.customrecordcustomfield as Record<string, unknown>[])) {
        const def = fieldFrom(f);
        fields.set(def.id, def);
      }
      schema.recordTypes.set(id, { id, name: String(body.recordname), includeName: body.includename === 'T', fields });
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
