/** N/record double: create, load, copy, submitFields, delete; Record get/set values and texts, sublists, save. */
import { account, Account, isTransaction, recordCost, StoredRecord, Values } from '../account';
import { BOOK_TYPES } from '../books';
import { parseDateText } from '../dates';
import { nsError } from '../errors';
import { LEVEL } from '../permissions';

/** A field the running role may not edit (its Access subtab) cannot be set. */
function requireFieldEdit(acct: Account, type: string, fieldId: string): void {
  if (acct.fieldAllows(type, fieldId, 'access', 2)) return;
  throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: your role may not edit the field ${fieldId} of ${type} records. Please contact your account administrator.`);
}

export const Type = {
  CUSTOMER: 'customer', SUBSIDIARY: 'subsidiary', CUSTOMER_SUBSIDIARY_RELATIONSHIP: 'customersubsidiaryrelationship',
  EMPLOYEE: 'employee', INVOICE: 'invoice', SALES_ORDER: 'salesorder',
} as const;

/**
 * setValue takes a date field's value as a Date; submitFields and setText take it as text in the
 * user's date format (what N/format.format makes), read in the user's time zone.
 */
type Via = 'value' | 'text';

function coerce(acct: Account, type: string, fieldId: string, value: unknown, via: Via = 'value'): unknown {
  const def = acct.assertField(type, fieldId);
  if (!def) return value;
  switch (def.type) {
    case 'CHECKBOX':
      if (typeof value === 'boolean') return value;
      if (value === 'T' || value === 'F') return value === 'T';
      throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(value)} for the following field: ${fieldId}`);
    case 'INTEGER':
      if (value === '' || value === null) return '';
      if (!Number.isInteger(Number(value))) throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(value)} for the following field: ${fieldId}`);
      return Number(value);
    case 'DATETIMETZ':
    case 'DATE': {
      if (value === '' || value === null) return '';
      if (via === 'value') {
        if (!(value instanceof Date)) throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(value)} for the following field: ${fieldId}. setValue takes a date as a Date.`);
        return value;
      }
      const prefs = acct.datePreferences();
      const parsed = typeof value === 'string' ? parseDateText(value, prefs) : undefined;
      if (!parsed) {
        throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(value)} for the following field: ${fieldId}. As text, a date must be in the user's date format (${prefs.dateFormat}${def.type === 'DATE' ? '' : ` ${prefs.timeFormat}`}): make it with N/format.format.`);
      }
      return parsed;
    }
    case 'MULTISELECT':
      return value === '' || value === null ? [] : ([] as unknown[]).concat(value).map(String);
    case 'SELECT':
      return value === null ? '' : String(value);
    case 'TEXT':
    case 'URL':
      if (value !== null && value !== undefined && String(value).length > 300) {
        throw nsError('INVALID_FLD_VALUE', `The field ${fieldId} contained more than the maximum number (300) of characters allowed.`);
      }
      return value === null ? '' : String(value);
    case 'TEXTAREA':
      if (value !== null && value !== undefined && String(value).length > 4000) {
        throw nsError('INVALID_FLD_VALUE', `The field ${fieldId} contained more than the maximum number (4000) of characters allowed.`);
      }
      return value === null ? '' : String(value);
    case 'CLOBTEXT':
      if (value !== null && value !== undefined && String(value).length > 1000000) {
        throw nsError('INVALID_FLD_VALUE', `The field ${fieldId} contained more than the maximum number (1000000) of characters allowed.`);
      }
      return value === null ? '' : String(value);
    default:
      return value;
  }
}

/** Bookkeeping keys of a stored record, shown under NetSuite's field ids. */
const SHOWN_AS: { [k: string]: string } = { createddate: 'created', datecreated: 'created', lastmodifieddate: 'lastmodified' };
const INTERNAL_SHOWN: { [k: string]: true } = { created: true, lastmodified: true, internalid: true };

/** Sublists that list what NetSuite finds (a script ticks and fills their lines, never adds or removes one). */
const LIST_SUBLISTS = new Set([
  'deposit.payment', 'customerpayment.apply', 'customerpayment.credit', 'customerpayment.deposit',
  'customerrefund.apply', 'customerrefund.deposit', 'creditmemo.apply', 'customer.submachine',
]);

/** Record types whose lines NetSuite lists from a body field (the customer, the bank account). */
const SOURCED_TYPES = new Set(['customerpayment', 'customerrefund', 'deposit']);

function emptyValue(acct: Account, type: string, fieldId: string): unknown {
  const def = acct.fieldDef(type, fieldId);
  if (def?.type === 'CHECKBOX') return false;
  if (def?.type === 'MULTISELECT') return [];
  return '';
}

export class Record {
  readonly type: string;
  id: number | null;
  readonly isDynamic: boolean;
  private fields: Values;
  private texts: { [k: string]: string };
  private sublists: { [k: string]: Values[] };
  private version: number | undefined;
  private current: { [sublist: string]: { line: number; values: Values } } = {};

  constructor(type: string, stored: StoredRecord | null, isDynamic: boolean, initial: Values = {}) {
    this.type = type;
    this.isDynamic = isDynamic;
    this.id = stored ? stored.id : null;
    this.version = stored?.version;
    this.fields = stored ? { ...stored.fields } : { ...account().defaults(type), ...initial };
    this.texts = stored ? { ...stored.texts } : {};
    this.sublists = stored ? JSON.parse(JSON.stringify(stored.sublists)) : {};
    if (stored && type === 'customer') this.sublists.submachine = subsidiaryLines(account(), stored.id);
  }

  get isNew(): boolean { return this.id === null; }

  getValue(options: { fieldId: string } | string): unknown {
    const fieldId = typeof options === 'string' ? options : options.fieldId;
    if (fieldId === 'id' || fieldId === 'internalid') return this.id === null ? '' : String(this.id);
    const acct = account();
    acct.assertField(this.type, fieldId);
    acct.assertStandardField(this.type, fieldId);
    const v = this.fields[fieldId] ?? (SHOWN_AS[fieldId] ? this.fields[SHOWN_AS[fieldId]] : undefined);
    // a field the role has no access to is left out of the record it is given
    if (v === undefined || v === null || !acct.fieldAllows(this.type, fieldId, 'access', 1)) return emptyValue(acct, this.type, fieldId);
    return Array.isArray(v) ? [...v] : v;
  }

  setValue(options: { fieldId: string; value: unknown; ignoreFieldChange?: boolean }): this {
    const acct = account();
    acct.assertField(this.type, options.fieldId);
    acct.assertStandardField(this.type, options.fieldId);
    requireFieldEdit(acct, this.type, options.fieldId);
    this.fields[options.fieldId] = coerce(acct, this.type, options.fieldId, options.value);
    delete this.texts[options.fieldId];
    this.sourceFrom(options.fieldId);
    return this;
  }

  /**
   * What NetSuite fills in when a body field of a new payment, refund or deposit is set. Dynamic mode
   * sources as the form does, at once: the customer's (or the bank account's) currency into the body,
   * the lines, and the deposit's total as lines are committed. Standard mode sources nothing until the
   * save ("SuiteScript 2.x Standard and Dynamic Modes"): no lines to tick, no currency, no subsidiary.
   */
  private sourceFrom(fieldId: string): void {
    if (!this.isNew || !this.isDynamic) return;
    const payOrRefund = this.type === 'customerpayment' || this.type === 'customerrefund';
    if (payOrRefund && fieldId === 'customer') {
      this.fields.currency = this.customerCurrency();
      this.sourceApplyLines();
    } else if (payOrRefund && fieldId === 'currency') {
      this.sourceApplyLines();
    } else if (this.type === 'deposit' && fieldId === 'account') {
      this.sourceDepositLines();
    }
  }

  private customerCurrency(): unknown {
    return account().find('customer', String(this.fields.customer ?? ''))?.fields.currency ?? '';
  }

  /** As the Make Deposits form does when the account is set: every undeposited payment and refund on the payment sublist, in the account's currency. */
  private sourceDepositLines(): void {
    const acct = account();
    const currency = acct.books.accountCurrency(this.fields.account) || String(this.fields.currency ?? '');
    if (currency) this.fields.currency = currency;
    this.sublists.payment = acct.books.depositLines(currency);
    this.recomputeTotal();
  }

  /** The apply sublist lists the customer's open documents in the payment's currency (the customer's primary one until a currency is set). */
  private sourceApplyLines(): void {
    const acct = account();
    const customer = String(this.fields.customer ?? '');
    if (!customer) return;
    const currency = String(this.fields.currency || this.customerCurrency() || '');
    // OneWorld: the customer's primary subsidiary, as the form sources it
    if (!this.fields.subsidiary && acct.find('customer', customer)?.fields.subsidiary) this.fields.subsidiary = String(acct.find('customer', customer)!.fields.subsidiary);
    this.sublists.apply = acct.books.applyLines(this.type, customer, currency);
  }

  /** Dynamic mode: a deposit's total follows its lines as they are committed (ticked payments, other deposits, less cash back). */
  private recomputeTotal(): void {
    if (this.type !== 'deposit') return;
    const cents = (v: unknown) => Math.round((Number(v) || 0) * 100);
    let total = 0;
    for (const l of this.sublists.payment || []) if (l.deposit === true || l.deposit === 'T') total += cents(l.paymentamount);
    for (const l of this.sublists.other || []) total += cents(l.amount);
    for (const l of this.sublists.cashback || []) total -= cents(l.amount);
    this.fields.total = total / 100;
  }

  /**
   * Record.getField: the field's id, label and type (lower case, as N/record's Field gives it) for a custom
   * field; null for a field the record does not have. Standard fields' labels are not modelled: fails loudly.
   */
  getField(options: { fieldId: string }): { id: string; label: string; type: string } | null {
    const acct = account();
    const def = acct.fieldDef(this.type, options.fieldId);
    if (def) return { id: def.id, label: def.label, type: def.type.toLowerCase() };
    if (/^cust/.test(options.fieldId)) return null;
    throw new Error(`The account double does not model Record.getField for the standard field ${options.fieldId} of a ${this.type}.`);
  }

  getText(options: { fieldId: string } | string): string {
    const fieldId = typeof options === 'string' ? options : options.fieldId;
    account().assertStandardField(this.type, fieldId);
    const tmp: StoredRecord = { type: this.type, id: this.id || 0, version: 0, fields: this.fields, texts: this.texts, sublists: {} };
    return account().textOf(tmp, fieldId);
  }

  setText(options: { fieldId: string; text: string }): this {
    const acct = account();
    acct.assertStandardField(this.type, options.fieldId);
    const target = acct.selectTarget(this.type, options.fieldId);
    if (target) {
      const match = acct.all(target).find((r) => acct.displayName(target, String(r.id)) === options.text);
      if (!match) throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${options.text} for the following field: ${options.fieldId}`);
      this.fields[options.fieldId] = String(match.id);
    } else {
      this.fields[options.fieldId] = coerce(acct, this.type, options.fieldId, options.text, 'text');
    }
    this.sourceFrom(options.fieldId);
    return this;
  }

  getFields(): string[] {
    return Object.keys(this.fields).filter((k) => !(k in INTERNAL_SHOWN));
  }

  private checkSublist(sublistId: string, fieldId = ''): void {
    account().assertStandardField(this.type, fieldId, sublistId);
  }

  /** Standard mode only (Record.setSublistValue); dynamic mode only (selectLine, setCurrentSublistValue, commitLine...). */
  private checkMode(method: string, dynamic: boolean): void {
    if (this.isDynamic !== dynamic) {
      throw nsError('SSS_INVALID_API_USAGE', `Invalid API usage: Record.${method} works on a record in ${dynamic ? 'dynamic' : 'standard'} mode only; this ${this.type} is in ${this.isDynamic ? 'dynamic' : 'standard'} mode.`);
    }
  }

  /** A list sublist (payments to deposit, documents to apply): its lines come from NetSuite, a script only ticks and fills them. */
  private checkAddable(sublistId: string): void {
    if (LIST_SUBLISTS.has(`${this.type}.${sublistId}`)) {
      throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: sublist ${sublistId} of a ${this.type} lists what NetSuite finds; lines cannot be added or removed.`);
    }
  }

  getLineCount(options: { sublistId: string }): number {
    this.checkSublist(options.sublistId);
    return (this.sublists[options.sublistId] || []).length;
  }

  getSublistValue(options: { sublistId: string; fieldId: string; line: number }): unknown {
    this.checkSublist(options.sublistId, options.fieldId);
    const lines = this.sublists[options.sublistId] || [];
    if (options.line < 0 || options.line >= lines.length) {
      throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: ${options.sublistId} line ${options.line}.`);
    }
    const v = lines[options.line][options.fieldId];
    return v === undefined ? '' : v;
  }

  setSublistValue(options: { sublistId: string; fieldId: string; line: number; value: unknown }): this {
    this.checkMode('setSublistValue', false);
    this.checkSublist(options.sublistId, options.fieldId);
    const lines = (this.sublists[options.sublistId] ||= []);
    if (options.line === lines.length) this.checkAddable(options.sublistId);
    if (options.line < 0 || options.line > lines.length) {
      throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: ${options.sublistId} line ${options.line}.`);
    }
    (lines[options.line] ||= {})[options.fieldId] = options.value;
    return this;
  }

  insertLine(options: { sublistId: string; line: number }): this {
    this.checkSublist(options.sublistId);
    this.checkAddable(options.sublistId);
    (this.sublists[options.sublistId] ||= []).splice(options.line, 0, {});
    return this;
  }

  removeLine(options: { sublistId: string; line: number }): this {
    this.checkSublist(options.sublistId);
    this.checkAddable(options.sublistId);
    (this.sublists[options.sublistId] || []).splice(options.line, 1);
    if (this.isDynamic) this.recomputeTotal();
    return this;
  }

  findSublistLineWithValue(options: { sublistId: string; fieldId: string; value: unknown }): number {
    this.checkSublist(options.sublistId, options.fieldId);
    return (this.sublists[options.sublistId] || []).findIndex((l) => String(l[options.fieldId]) === String(options.value));
  }

  // dynamic-mode line editing: select a line (or a new one), set its fields, commit it
  selectLine(options: { sublistId: string; line: number }): this {
    this.checkMode('selectLine', true);
    this.checkSublist(options.sublistId);
    const lines = this.sublists[options.sublistId] || [];
    if (options.line < 0 || options.line >= lines.length) {
      throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: ${options.sublistId} line ${options.line}.`);
    }
    this.current[options.sublistId] = { line: options.line, values: { ...lines[options.line] } };
    return this;
  }

  selectNewLine(options: { sublistId: string }): this {
    this.checkMode('selectNewLine', true);
    this.checkSublist(options.sublistId);
    this.checkAddable(options.sublistId);
    this.current[options.sublistId] = { line: (this.sublists[options.sublistId] || []).length, values: {} };
    return this;
  }

  private selected(method: string, sublistId: string): { line: number; values: Values } {
    this.checkMode(method, true);
    const cur = this.current[sublistId];
    if (!cur) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: no line of ${sublistId} is selected (selectLine or selectNewLine first).`);
    return cur;
  }

  getCurrentSublistValue(options: { sublistId: string; fieldId: string }): unknown {
    this.checkSublist(options.sublistId, options.fieldId);
    const v = this.selected('getCurrentSublistValue', options.sublistId).values[options.fieldId];
    return v === undefined ? '' : v;
  }

  setCurrentSublistValue(options: { sublistId: string; fieldId: string; value: unknown }): this {
    this.checkSublist(options.sublistId, options.fieldId);
    this.selected('setCurrentSublistValue', options.sublistId).values[options.fieldId] = options.value;
    return this;
  }

  commitLine(options: { sublistId: string }): this {
    this.checkSublist(options.sublistId);
    const cur = this.selected('commitLine', options.sublistId);
    (this.sublists[options.sublistId] ||= [])[cur.line] = cur.values;
    delete this.current[options.sublistId];
    this.recomputeTotal();
    return this;
  }

  cancelLine(options: { sublistId: string }): this {
    this.selected('cancelLine', options.sublistId);
    delete this.current[options.sublistId];
    return this;
  }

  /** (Double only) the lines record.transform makes, as NetSuite fills them. */
  fillSublists(sublists: { [k: string]: Values[] }): void {
    for (const [sublistId, lines] of Object.entries(sublists)) this.sublists[sublistId] = lines.map((l) => ({ ...l }));
  }

  save(options: { enableSourcing?: boolean; ignoreMandatoryFields?: boolean } = {}): number {
    const acct = account();
    acct.charge(recordCost('save', this.type), `record.save ${this.type}`);
    acct.requirePermission(this.type, this.isNew ? LEVEL.CREATE : LEVEL.EDIT);
    if (!options.ignoreMandatoryFields) {
      const def = acct.recordTypes.get(this.type);
      for (const f of def?.fields.values() || []) {
        const v = this.fields[f.id];
        if (f.mandatory && (v === undefined || v === '' || v === null)) {
          throw nsError('USER_ERROR', `Please enter value(s) for: ${f.label}`);
        }
      }
    }
    // standard mode: what a set customer sources is filled in when the record is saved
    if (this.isNew && (this.type === 'customerpayment' || this.type === 'customerrefund') && !this.fields.currency) this.fields.currency = this.customerCurrency();
    const { submachine, ...sublists } = this.sublists;
    void submachine; // relationships are their own records; the sublist is a read view
    const { internalid, created, lastmodified, ...values } = this.fields;
    void internalid; void created; void lastmodified;
    let toWrite = { fields: values, sublists };
    if (isTransaction(this.type) && acct.books.setup) {
      // the books post what the transaction means; a transaction type they do not model fails loudly
      if (!BOOK_TYPES.has(this.type)) throw new Error(`The account double does not model ${this.type} transactions yet.`);
      const { gl, ...kept } = sublists;
      void gl;
      toWrite = acct.books.prepare(this.type, values, kept, this.id ?? undefined);
    }
    const stored = acct.write(this.type, toWrite.fields, {
      id: this.id ?? undefined, texts: this.texts, sublists: toWrite.sublists, expectVersion: this.version,
    });
    if (BOOK_TYPES.has(this.type) && acct.books.setup) acct.books.refresh(stored);
    this.id = stored.id;
    this.version = stored.version;
    this.fields = { ...stored.fields };
    return stored.id;
  }

  toJSON(): Values {
    return { id: this.id === null ? null : String(this.id), type: this.type, isDynamic: this.isDynamic, fields: this.fields, sublists: this.sublists };
  }
}

function subsidiaryLines(acct: Account, customerId: number): Values[] {
  return acct.subsidiaryRelationships(customerId)
    .map((r) => ({ subsidiary: String(r.fields.subsidiary), isprimarysub: r.fields.isprimarysub === true }));
}

export function create(options: { type: string; isDynamic?: boolean; defaultValues?: Values }): Record {
  const acct = account();
  if (options.type.startsWith('customrecord') && acct.recordTypes.size && !acct.recordTypes.has(options.type)) {
    throw nsError('INVALID_RCRD_TYPE', `Record type ${options.type} does not exist in this account.`);
  }
  // NetSuite takes only the initialization types its "N/record Default Values" list gives each record
  // type, and what they list on a payment, refund or deposit is not modeled: a script using one is noticed
  if (options.defaultValues && Object.keys(options.defaultValues).length && SOURCED_TYPES.has(options.type)) {
    throw new Error(`The account double does not model record initialization defaults (${Object.keys(options.defaultValues).join(', ')}) for a ${options.type}: create it in dynamic mode and set the body fields, or transform the record it comes from.`);
  }
  acct.charge(recordCost('load', options.type), `record.create ${options.type}`);
  return new Record(options.type, null, !!options.isDynamic, options.defaultValues || {});
}

export function load(options: { type: string; id: number | string; isDynamic?: boolean }): Record {
  const acct = account();
  acct.charge(recordCost('load', options.type), `record.load ${options.type}`);
  acct.requirePermission(options.type, LEVEL.VIEW);
  return new Record(options.type, acct.get(options.type, options.id), !!options.isDynamic);
}

/** record.transform: a transaction made from another (an invoice's payment or credit memo), as NetSuite fills it. */
export function transform(options: { fromType: string; fromId: number | string; toType: string; isDynamic?: boolean; defaultValues?: Values }): Record {
  const acct = account();
  acct.charge(recordCost('load', options.toType), `record.transform ${options.fromType} -> ${options.toType}`);
  acct.requirePermission(options.fromType, LEVEL.VIEW);
  const made = acct.books.transform(options.fromType, options.fromId, options.toType);
  const rec = new Record(options.toType, null, !!options.isDynamic, { ...made.fields, ...(options.defaultValues || {}) });
  rec.fillSublists(made.sublists);
  return rec;
}

export function copy(options: { type: string; id: number | string; isDynamic?: boolean }): Record {
  const acct = account();
  acct.charge(recordCost('load', options.type), `record.copy ${options.type}`);
  acct.requirePermission(options.type, LEVEL.VIEW);
  const src = acct.get(options.type, options.id);
  const { internalid, created, lastmodified, ...values } = src.fields;
  void internalid; void created; void lastmodified;
  return new Record(options.type, null, !!options.isDynamic, JSON.parse(JSON.stringify(values)));
}

export function submitFields(options: { type: string; id: number | string; values: Values; options?: { enableSourcing?: boolean; ignoreMandatoryFields?: boolean } }): number {
  const acct = account();
  acct.charge(recordCost('submitFields', options.type), `record.submitFields ${options.type}`);
  acct.requirePermission(options.type, LEVEL.EDIT);
  const stored = acct.get(options.type, options.id);
  if (!acct.visibleToUser(options.type, stored)) {
    throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: You need a higher level of the subsidiary restriction to change ${options.type} ${options.id}.`);
  }
  const values: Values = {};
  for (const [k, v] of Object.entries(options.values)) {
    if (acct.notInlineEditable(options.type, k)) {
      throw nsError('SSS_INVALID_SUBMIT_OPTION', `Field ${k} of ${options.type} cannot be changed with submitFields; load and save the record instead.`);
    }
    acct.assertStandardField(options.type, k);
    requireFieldEdit(acct, options.type, k);
    values[k] = coerce(acct, options.type, k, v, 'text');
  }
  acct.write(options.type, values, { id: stored.id });
  return stored.id;
}

function deleteRecord(options: { type: string; id: number | string }): number {
  const acct = account();
  acct.charge(recordCost('delete', options.type), `record.delete ${options.type}`);
  acct.requirePermission(options.type, LEVEL.FULL);
  acct.remove(options.type, options.id);
  return Number(options.id);
}
export { deleteRecord as delete };
