/**
 * From a saved search row to Stripe customer parameters. A column whose label names one of the
 * customer fields the sync is for, written the way Stripe's form encoding names it (email, name,
 * address[line1], metadata[region], preferred_locales[0], ...), is sent under that name; any other
 * column is not sent, so a saved search can never set balance, invoice settings or the like.
 */
import { StripeParams, ParamValue } from './stripe/form';

export interface ColumnValue {
  /** The column's label in the saved search. */
  label: string;
  /** Field id (and join) for messages. */
  field: string;
  value: unknown;
  text?: string | null;
}

const ADDRESS_PART = '(?:line1|line2|city|state|postal_code|country)';
/** The Stripe customer parameters a saved search column may fill. */
const PARAM_LABEL = new RegExp([
  '^(?:email|name|phone|description',
  `|address\\[${ADDRESS_PART}\\]`,
  '|shipping\\[(?:name|phone)\\]',
  `|shipping\\[address\\]\\[${ADDRESS_PART}\\]`,
  '|metadata\\[[A-Za-z0-9_.-]+\\]',
  '|preferred_locales\\[\\d{1,2}\\])$',
].join(''));
const METADATA_VALUE_MAX = 500;
const METADATA_KEY_MAX = 40;
/** Parameters PayPack owns: a saved search column may not set them. */
const RESERVED = new Set(['metadata[netsuite_customer_id]', 'metadata[netsuite_subsidiary_id]']);
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export function isStripeParamLabel(label: string | undefined): boolean {
  return !!label && PARAM_LABEL.test(label);
}

export interface MappingContext {
  customerId: string;
  customerName: string;
  subsidiaryId: string;
  /** Entity field id of the sync field (email unless configured). */
  syncField: string;
  searchId: string;
}

export interface Mapped {
  params: StripeParams;
  /** The value of the sync field, trimmed ('' when empty). */
  syncValue: string;
}

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** The text a column sends: select columns send their text when the value is an internal id. */
function columnText(c: ColumnValue): string {
  const v = c.value;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  const s = String(v); // a checkbox: 'true' or 'false'
  if (c.text && /^\d+$/.test(s)) return c.text;
  return s;
}

function setPath(params: StripeParams, label: string, value: string): void {
  const keys = [label.slice(0, label.indexOf('[') < 0 ? undefined : label.indexOf('['))];
  const segment = /\[([^\]]+)\]/g;
  for (let m = segment.exec(label); m; m = segment.exec(label)) keys.push(m[1]);
  let node: StripeParams | ParamValue[] = params;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    const nextIsIndex = /^\d+$/.test(keys[i + 1]);
    const holder = node as Record<string, ParamValue>;
    // only the labels PARAM_LABEL allows get here, and none is both a value and a parent
    if (holder[k] === undefined) holder[k] = nextIsIndex ? [] : {};
    node = holder[k] as StripeParams | ParamValue[];
  }
  (node as Record<string, ParamValue>)[keys[keys.length - 1]] = value;
}

/**
 * Map one customer's columns. Values go through unchanged but trimmed; an empty value is sent as
 * '' (Stripe then unsets it). Throws MappingError with what to fix when a value cannot go.
 */
export function mapColumns(columns: ColumnValue[], ctx: MappingContext): Mapped {
  const params: StripeParams = {};
  let syncValue = '';
  const who = `customer ${ctx.customerName} (internal id ${ctx.customerId})`;
  for (const c of columns) {
    const value = columnText(c).trim();
    if (c.field === ctx.syncField) syncValue = value;
    if (!isStripeParamLabel(c.label) || RESERVED.has(c.label)) continue;
    if (c.label.startsWith('metadata[')) {
      const key = c.label.slice('metadata['.length, -1);
      if (key.length > METADATA_KEY_MAX) {
        throw new MappingError(`Column "${c.label}" of saved search ${ctx.searchId} names a Stripe metadata key of ${key.length} characters; Stripe allows ${METADATA_KEY_MAX}. Shorten the column label.`);
      }
      if (value.length > METADATA_VALUE_MAX) {
        throw new MappingError(`Column "${c.label}" of saved search ${ctx.searchId} holds ${value.length} characters for ${who}; Stripe metadata values hold at most ${METADATA_VALUE_MAX}. Shorten the value in NetSuite or send a shorter formula column.`);
      }
    }
    if (c.label === 'email' && value !== '' && !EMAIL.test(value)) {
      throw new MappingError(`The email "${value}" of ${who} is not a valid email address. Correct it on the customer and sync again.`);
    }
    setPath(params, c.label, value);
  }
  if (ctx.syncField === 'email') {
    const email = typeof params.email === 'string' ? params.email : syncValue;
    if (!email) {
      throw new MappingError(`${capitalize(who)} has no email, and email is the sync field that finds its Stripe customer. Enter an email on the customer (or fill STRIPE CUSTOMER ID) and sync again.`);
    }
    if (!EMAIL.test(email)) throw new MappingError(`The email "${email}" of ${who} is not a valid email address. Correct it on the customer and sync again.`);
    syncValue = email;
  } else {
    if (!syncValue) {
      throw new MappingError(`${capitalize(who)} has no value in ${ctx.syncField}, the sync field that finds its Stripe customer. Fill it (or STRIPE CUSTOMER ID) and sync again, or add the field as a column of saved search ${ctx.searchId}.`);
    }
    if (syncValue.length > METADATA_VALUE_MAX) throw new MappingError(`The ${ctx.syncField} of ${who} is longer than Stripe metadata allows (${METADATA_VALUE_MAX}).`);
    setPath(params, `metadata[${ctx.syncField}]`, syncValue);
  }
  setPath(params, 'metadata[netsuite_customer_id]', ctx.customerId);
  setPath(params, 'metadata[netsuite_subsidiary_id]', ctx.subsidiaryId);
  return { params, syncValue };
}

/** On create, empty values mean nothing to unset: leave them out. */
export function withoutEmpty(params: StripeParams): StripeParams {
  const out: StripeParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === '' || v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      const list = v.filter((x) => x !== '');
      if (list.length) out[k] = list;
    } else if (typeof v === 'object') {
      const inner = withoutEmpty(v as StripeParams);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Columns of the built-in customer search used when a config names no sync search. */
export const DEFAULT_COLUMNS: Array<{ name: string; label: string }> = [
  { name: 'email', label: 'email' },
  { name: 'altname', label: 'name' },
  { name: 'phone', label: 'phone' },
  { name: 'billaddress1', label: 'address[line1]' },
  { name: 'billaddress2', label: 'address[line2]' },
  { name: 'billcity', label: 'address[city]' },
  { name: 'billstate', label: 'address[state]' },
  { name: 'billzipcode', label: 'address[postal_code]' },
  { name: 'billcountrycode', label: 'address[country]' },
];
