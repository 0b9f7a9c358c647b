/**
 * Checks an SDF object's XML against the schema in ./schema.ts: allowed and required elements at
 * every level, value lists, T/F booleans, scriptid prefixes and lengths, references to objects of
 * the project, and the features manifest.xml must declare. Each problem names the element and the
 * reference page to read.
 */
import { XMLParser } from 'fast-xml-parser';
import { FieldSpec, NodeSpec, OBJECT_TYPES, ValueSpec } from './schema';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: true });

export interface Project {
  /** features manifest.xml declares (required or not) */
  features: Set<string>;
  /** scriptids of the project's objects and of their nested objects (fields, deployments) */
  ids: Set<string>;
}

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((k) => k !== ':@')!;
}
function childrenOf(node: XmlNode): XmlNode[] {
  return (node[tagOf(node)] as XmlNode[]) || [];
}
function textOf(node: XmlNode): string {
  return childrenOf(node).filter((c) => '#text' in c).map((c) => String(c['#text'])).join('').trim();
}
function elements(node: XmlNode): XmlNode[] {
  return childrenOf(node).filter((c) => !('#text' in c) && !('?xml' in c));
}

export function parseManifestFeatures(manifestXml: string): Set<string> {
  return new Set([...manifestXml.matchAll(/<feature[^>]*>\s*([A-Z0-9_]+)\s*<\/feature>/g)].map((m) => m[1]));
}

/** Every scriptid an object file defines (the object's and its nested ones). */
export function definedIds(xml: string): string[] {
  return [...xml.matchAll(/scriptid="([^"]+)"/g)].map((m) => m[1]);
}

const REFERENCE = /^\[(?:scriptid=)?([a-z0-9_.]+)\]$/;

function checkValue(value: string, spec: ValueSpec, project: Project): string | undefined {
  switch (spec.kind) {
    case 'boolean':
      return value === 'T' || value === 'F' ? undefined : `takes T or F, not "${value}"`;
    case 'number':
      return /^\d+$/.test(value) ? undefined : `takes a number, not "${value}"`;
    case 'string':
      return spec.maxLength && value.length > spec.maxLength ? `holds at most ${spec.maxLength} characters (${value.length} given)` : undefined;
    case 'enum':
      return spec.values.includes(value) ? undefined : `"${value}" is not a value of ${spec.list} (${spec.values.join(', ')})`;
    case 'multi': {
      const bad = value.split('|').filter((v) => !spec.values.includes(v));
      return bad.length ? `${bad.map((v) => `"${v}"`).join(', ')} not in ${spec.list}` : undefined;
    }
    case 'select': {
      const ref = REFERENCE.exec(value);
      if (ref) return project.ids.has(ref[1].split('.')[0]) ? undefined : `refers to ${ref[1]}, which no object of the project defines`;
      if (!spec.values) return undefined;
      return spec.values.includes(value) ? undefined : `"${value}" is neither a [reference] nor a value of ${spec.list}`;
    }
    case 'file':
      return new RegExp(`^\\[/[^\\]]+\\${spec.extension}\\]$`).test(value) ? undefined : `must reference a ${spec.extension} file as [/path/file${spec.extension}]`;
  }
}

function checkNode(node: XmlNode, spec: NodeSpec, path: string, project: Project, problems: string[]): void {
  const where = `${path} (see ${spec.page})`;
  const attrs = node[':@'] || {};
  for (const name of Object.keys(attrs)) if (name !== 'scriptid') problems.push(`${where}: unknown attribute ${name}`);
  if (spec.scriptid) {
    const id = attrs.scriptid;
    if (!id) problems.push(`${where}: the scriptid attribute is required`);
    else {
      if (!id.startsWith(spec.scriptid.prefix)) problems.push(`${where}: scriptid ${id} must start with ${spec.scriptid.prefix}`);
      if (id.length > 40) problems.push(`${where}: scriptid ${id} is ${id.length} characters long; at most 40`);
      if (!/^[a-z0-9_]+$/.test(id)) problems.push(`${where}: scriptid ${id} may hold only lower-case letters, digits and _`);
    }
  } else if (attrs.scriptid) problems.push(`${where}: unknown attribute scriptid`);

  const values = new Map<string, string>();
  for (const child of elements(node)) {
    const tag = tagOf(child);
    const field: FieldSpec | undefined = spec.fields[tag];
    if (field) {
      if (values.has(tag)) problems.push(`${where}: <${tag}> appears twice`);
      if (elements(child).length) problems.push(`${where}: <${tag}> holds a value, not elements`);
      values.set(tag, textOf(child));
      continue;
    }
    const listSpec = spec.lists?.[tag];
    if (listSpec) {
      for (const item of elements(child)) {
        const itemTag = tagOf(item);
        if (itemTag !== listSpec.item) problems.push(`${where}: <${tag}> holds <${listSpec.item}> elements, not <${itemTag}>`);
        else checkNode(item, listSpec.node, `${path} > ${tag} > ${itemTag}${item[':@']?.scriptid ? `[${item[':@'].scriptid}]` : ''}`, project, problems);
      }
      continue;
    }
    const group = spec.groups?.[tag];
    if (group) {
      checkNode(child, group, `${path} > ${tag}`, project, problems);
      continue;
    }
    problems.push(`${where}: <${tag}> is not an element here`);
  }

  for (const [tag, field] of Object.entries(spec.fields)) {
    const value = values.get(tag);
    if (value === undefined || value === '') {
      if (field.required) problems.push(`${where}: <${tag}> is required`);
      continue;
    }
    const bad = checkValue(value, field.value, project);
    if (bad) problems.push(`${where}: <${tag}> ${bad}`);
    if (field.feature && !project.features.has(field.feature)) {
      problems.push(`${where}: <${tag}> needs the ${field.feature} feature declared in manifest.xml (or leave <${tag}> out when it says the default)`);
    }
    if (field.availableWhen && field.availableWhen.notIn.includes(values.get(field.availableWhen.field) ?? '')) {
      problems.push(`${where}: <${tag}> applies only when <${field.availableWhen.field}> is not ${field.availableWhen.notIn.filter(Boolean).join(' or ')}; leave it out`);
    }
  }
  for (const rule of spec.requiredWhen || []) {
    if (rule.in.includes(values.get(rule.when) ?? '') && !values.get(rule.field)) {
      problems.push(`${where}: <${rule.field}> is required when <${rule.when}> is ${values.get(rule.when)}`);
    }
  }
}

/** Problems with one object file; [] when SDF would take it. */
export function validateObject(xml: string, project: Project): string[] {
  const problems: string[] = [];
  let doc: XmlNode[];
  try {
    doc = parser.parse(xml) as XmlNode[];
  } catch (e) {
    return [`not well-formed XML: ${(e as Error).message}`];
  }
  const roots = doc.filter((n) => !('?xml' in n) && !('#text' in n));
  if (roots.length !== 1) return [`an object file holds one root element, not ${roots.length}`];
  const root = roots[0];
  const type = tagOf(root);
  const spec = OBJECT_TYPES[type];
  if (!spec) return [`<${type}> is not an SDF object type this project's schema knows (${Object.keys(OBJECT_TYPES).join(', ')})`];
  for (const feature of spec.features) {
    if (!project.features.has(feature)) problems.push(`${type}: needs the ${feature} feature declared in manifest.xml`);
  }
  checkNode(root, spec, `${type}[${root[':@']?.scriptid ?? '?'}]`, project, problems);
  return problems;
}
