import { Clock, VirtualClock } from '../clock';
import { DateKind, DatePreferences, DEFAULT_DATE_PREFERENCES, formatDateText } from './dates';
import { Meter, InvocationKind } from './governance';
import { Books } from './books';
import { nsError } from './errors';
import { FieldDef, ObjectsSchema, RecordTypeDef, RoleDef, ScriptDef } from './schema';
import { fieldAccess, isAdministrator, Level, LEVEL, RECORD_PERMISSIONS, recordLevel, requireRecord, roleId } from './permissions';
import { isTransaction, SavedSearchDef, StoredRecord, Values } from './store';
import { findItem, isItem } from './items';
import { ADDRESS_FIELDS, isCustomFieldId, standardType } from './standard-fields';

// the shared shapes, for the modules and tests that take them from here
export { costClass, isTransaction, recordCost, TRANSACTION_TYPES } from './store';
export type { StoredRecord, Values } from './store';


/** Clock reads in a row, with nothing else done, that make a script a busy-wait (see Account.scriptNow). */
const SPIN_READS = 1000;


export interface LogEntry {
  level: 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY';
  title: string;
  details: string;
  scriptId?: string;
}

/** One line of a record's System Notes subtab. */
export interface SystemNote {
  recordType: string;
  recordId: number;
  type: 'Create' | 'Change';
  /** the field's label (its id for a field without one) */
  field: string;
  oldValue: string;
  newValue: string;
  date: Date;
  setBy: string;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** Thrown by an https route to simulate a connection that never answered. */
export class NetworkFailure extends Error {
  constructor(readonly kind: 'connect' | 'timeout' = 'connect') {
    super(kind === 'timeout' ? 'timed out' : 'connection failed');
  }
}
export type HttpsRoute = (req: HttpRequest) => HttpResponse;

export interface ApiSecret {
  value: string;
  /** Domains the secret may be sent to (Setup > Company > API Secrets, "Restrict to Domains"). */
  allowedDomains?: string[];
}

export interface UserInfo {
  id: number;
  name: string;
  email: string;
  role: string;
  roleId: string;
  subsidiary: number;
  /** record type -> permission level 0 none, 1 view, 2 create, 3 edit, 4 full */
  permissions?: Record<string, number>;
  /** Home > Set Preferences: the user's own date format, time format and time zone (else the company's). */
  preferences?: Partial<DatePreferences>;
  /**
   * The role's subsidiary restriction: the subsidiaries whose customers this user may see (all when
   * absent). Searches and lookups leave the others out; writing one is refused.
   */
  subsidiaries?: number[];
}

export interface ExecutionFrame {
  kind: InvocationKind;
  scriptId?: string;
  deploymentId?: string;
  executionContext: string;
  user: UserInfo;
}


/** The double's own bookkeeping keys on a stored record (NetSuite shows them as createddate/datecreated, lastmodifieddate, the id). */
export const INTERNAL_KEYS = new Set(['created', 'lastmodified', 'internalid']);

/** A script named a field NetSuite does not have: the double's loud error (an Error, not a SuiteScriptError). */
export function unknownField(message: string): Error {
  const e = new Error(message);
  e.name = 'EMULATOR_UNKNOWN_FIELD';
  return e;
}

/** An addressbook line holding an address subrecord (its fields: ADDRESS_FIELDS), the default billing and shipping address. */
export function addressLine(address: Values): Values {
  for (const k of Object.keys(address)) if (!ADDRESS_FIELDS.includes(k)) throw unknownField(`An address subrecord has no field ${k}.`);
  return { defaultbilling: true, defaultshipping: true, label: String(address.addr1 ?? address.city ?? ''), addressbookaddress: { ...address } };
}

/** Standard customer fields that NetSuite does not let submitFields change. */
const NOT_INLINE_EDITABLE: Record<string, Set<string>> = { customer: new Set(['email']) };

export const ADMIN: UserInfo = {
  id: 3, name: 'Ada Admin', email: 'admin@example.com', role: 'administrator', roleId: '3', subsidiary: 1,
};

/**
 * A stateful NetSuite account: records, saved searches, API secrets, scripts and their
 * deployments, governance, logs. N/* module doubles read and write it; tests seed and inspect it.
 */
export class Account {
  accountId = 'TSTDRV1234567';
  readonly meter = new Meter();
  /** The general ledger of the transactions the account double models (see books.ts). */
  readonly books: Books = new Books(this);
  readonly logs: LogEntry[] = [];
  readonly records = new Map<string, Map<number, StoredRecord>>();
  readonly recordTypes = new Map<string, RecordTypeDef>();
  readonly entityFields = new Map<string, FieldDef>();
  readonly bodyFields = new Map<string, FieldDef>();
  /** Custom roles installed from Objects/ (customrole_*), by id. */
  readonly roles = new Map<string, RoleDef>();
  readonly scripts = new Map<string, ScriptDef & { internalId: number; deploymentIds: Map<string, number> }>();
  readonly savedSearches = new Map<string, SavedSearchDef>();
  readonly secrets = new Map<string, ApiSecret>();
  readonly credentialGuids = new Map<string, string>();
  readonly scriptParameters = new Map<string, Values>();
  readonly caches = new Map<string, Map<string, { value: string; expires: number }>>();
  readonly submittedTasks: Array<{ id: string; taskType: string; scriptId: string; deploymentId?: string; params: Values; status: string }> = [];
  readonly messagesShown: Array<{ title: string; message: string; type: string }> = [];
  /** Script modules by script id, so a client's https call to a Suitelet URL reaches it. */
  readonly scriptModules = new Map<string, Record<string, unknown>>();
  /** Where N/redirect sent the running Suitelet's browser (the runner turns it into a 302). */
  redirectTo?: string;
  /** Set by the runners: answers an https call to one of this account's Suitelet URLs. */
  suiteletDispatch?: (scriptId: string, deploymentId: string, req: HttpRequest & { params: Record<string, string> }) => HttpResponse;
  private readonly routes: Array<{ host: string; route: HttpsRoute }> = [];
  private readonly frames: ExecutionFrame[] = [];
  private nextIds = new Map<string, number>();
  /** customer id -> its subsidiary relationship records (an index: large accounts stay fast). */
  private relationships = new Map<string, StoredRecord[]>();
  user: UserInfo = ADMIN;
  /** The one clock of the emulated world (a virtual one unless the sandbox gives it the system's). */
  clock: Clock = new VirtualClock();
  /** Setup > Company > General Preferences: the date preferences of users who set none of their own. */
  preferences: DatePreferences = { ...DEFAULT_DATE_PREFERENCES };

  /** Now, as the server's `new Date()` sees it. */
  now(): Date {
    return new Date(this.clock.now());
  }

  /** The date preferences NetSuite formats dates by for the user running now. */
  datePreferences(user: UserInfo = this.currentUser): DatePreferences {
    return { ...this.preferences, ...(user.preferences || {}) };
  }

  // ---- schema ---------------------------------------------------------------------------------
  install(schema: ObjectsSchema): this {
    for (const [id, def] of schema.recordTypes) this.recordTypes.set(id, def);
    for (const [id, def] of schema.entityFields) this.entityFields.set(id, def);
    for (const [id, def] of schema.bodyFields || []) this.bodyFields.set(id, def);
    for (const [id, def] of schema.roles || []) this.roles.set(id, def);
    let n = this.scripts.size + 100;
    for (const [id, def] of schema.scripts) {
      const deploymentIds = new Map<string, number>();
      for (const d of def.deployments) deploymentIds.set(d.id, ++n + 1000);
      this.scripts.set(id, { ...def, internalId: ++n, deploymentIds });
    }
    return this;
  }

  /** The field definition of a custom field, or undefined for a standard field. */
  fieldDef(type: string, fieldId: string): FieldDef | undefined {
    if (type.startsWith('customrecord')) return this.recordTypes.get(type)?.fields.get(fieldId);
    if (fieldId.startsWith('custentity')) return this.entityFields.get(fieldId);
    if (fieldId.startsWith('custbody')) return isTransaction(type) ? this.bodyFields.get(fieldId) : undefined;
    return undefined;
  }

  /** Throws like NetSuite when a script names a custom field or record type the account does not have. */
  assertField(type: string, fieldId: string): FieldDef | undefined {
    const def = this.fieldDef(type, fieldId);
    if (def) return def;
    const custom = /^(custrecord|custentity|custbody|custcol|custitem)/.test(fieldId);
    if (type.startsWith('customrecord') && !this.recordTypes.has(type)) {
      throw nsError('INVALID_RCRD_TYPE', `Record type ${type} does not exist in this account.`);
    }
    if (custom && (type.startsWith('customrecord') || this.entityFields.size > 0)) {
      throw nsError('INVALID_FLD', `Field ${fieldId} does not exist on record type ${type}.`);
    }
    return undefined;
  }

  // ---- roles and permissions (permissions.ts) --------------------------------------------------
  /**
   * What each role other than the Administrator was asked for while scripts ran: role -> permission
   * (a standard key such as LIST_CUSTJOB, a custom record type, `field:<id>` / `search:<id>` for a
   * custom field's access and search levels) -> the highest level needed. A role test compares it
   * with what the role is given.
   */
  readonly permissionUse = new Map<string, Map<string, number>>();

  private noteUse(permission: string, level: number): void {
    const user = this.currentUser;
    if (isAdministrator(user)) return;
    const role = roleId(user.role);
    const uses = this.permissionUse.get(role) ?? new Map<string, number>();
    uses.set(permission, Math.max(uses.get(permission) ?? 0, level));
    this.permissionUse.set(role, uses);
  }

  /** Throws NetSuite's permission violation unless the running user's role holds `need` on the record type. */
  requirePermission(type: string, need: Level): void {
    this.noteUse(type.startsWith('customrecord') ? type : RECORD_PERMISSIONS[type]?.key ?? type, need);
    requireRecord(this, this.currentUser, type, need);
  }

  /**
   * May the running role use a field so (its Access subtab: `access` 1 view, 2 edit; `search` 1 run)?
   * Standard fields and custom fields without an Access subtab: yes.
   */
  fieldAllows(type: string, fieldId: string, kind: 'access' | 'search', need: number): boolean {
    const def = type === 'transaction' && fieldId.startsWith('custbody') ? this.bodyFields.get(fieldId) : this.fieldDef(type, fieldId);
    if (!def?.access) return true;
    this.noteUse(`${kind === 'access' ? 'field' : 'search'}:${fieldId}`, need);
    return fieldAccess(def.access, this.currentUser)[kind] >= need;
  }

  /**
   * Who a deployment runs as: the same user with the deployment's Execute As Role (its permissions,
   * no subsidiary restriction of the user's own role), else the user who started it.
   */
  runAs(scriptId: string, deploymentId: string, user: UserInfo = this.user): UserInfo {
    const dep = this.scripts.get(scriptId)?.deployments.find((d) => d.id === deploymentId);
    if (!dep?.runAsRole) return user;
    const role = roleId(dep.runAsRole);
    if (role !== 'administrator' && !this.roles.has(role)) throw new Error(`Deployment ${deploymentId} runs as role ${role}, which is not installed.`);
    const { permissions, subsidiaries, ...who } = user;
    void permissions; void subsidiaries;
    return { ...who, role, roleId: role };
  }

  /**
   * Throws when a script names a body field, a sublist or a sublist field that the standard record
   * type does not have (standard-fields.ts). NetSuite documents no error for a body field: the
   * double's own error (not a SuiteScriptError, so no script takes it for a refusal and carries on);
   * for a sublist, N/record's documented SSS_INVALID_SUBLIST_OPERATION.
   */
  assertStandardField(type: string, fieldId: string, sublistId?: string): void {
    const std = standardType(type);
    if (!std || (fieldId && isCustomFieldId(fieldId))) return;
    if (sublistId === undefined) {
      if (!std.body.includes(fieldId)) throw unknownField(`Field ${fieldId} does not exist on a NetSuite ${type} record (Records Browser: ${type}).`);
      return;
    }
    const fields = std.sublists[sublistId];
    if (!fields) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: a ${type} record has no sublist ${sublistId}.`);
    if (fieldId && !fields.includes(fieldId)) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `You have attempted an invalid sublist or line item operation: sublist ${sublistId} of a ${type} record has no field ${fieldId}.`);
  }

  /** A record the double stores holds only fields NetSuite has (its own bookkeeping keys aside): a slip of the double's books or a test's seed fails here. */
  private assertStoredShape(type: string, values: Values, sublists?: Record<string, Values[]>): void {
    const std = standardType(type);
    if (!std) return;
    for (const k of Object.keys(values)) if (!INTERNAL_KEYS.has(k) && !isCustomFieldId(k) && !std.body.includes(k)) throw unknownField(`The account double was about to store field ${k} on a ${type}, which NetSuite does not have.`);
    for (const [sub, lines] of Object.entries(sublists || {})) {
      if (sub === 'gl') continue; // the double's general ledger lines, never served to a script
      const fields = std.sublists[sub];
      if (!fields) throw unknownField(`The account double was about to store sublist ${sub} on a ${type}, which NetSuite does not have.`);
      for (const line of lines) for (const k of Object.keys(line)) if (!isCustomFieldId(k) && !fields.includes(k)) throw unknownField(`The account double was about to store field ${k} on sublist ${sub} of a ${type}, which NetSuite does not have.`);
    }
  }

  // ---- execution frames -----------------------------------------------------------------------
  get frame(): ExecutionFrame | undefined {
    return this.frames[this.frames.length - 1];
  }
  get currentUser(): UserInfo {
    return this.frame?.user || this.user;
  }

  /** Run fn as one script invocation: its own governance limit, context and user. */
  invoke<T>(frame: Omit<ExecutionFrame, 'user'> & { user?: UserInfo; label?: string; stopAt?: number }, fn: () => T): T {
    const { stopAt, ...rest } = frame;
    const full: ExecutionFrame = { ...rest, user: frame.user || this.user };
    const inv = this.meter.begin(frame.kind, frame.label || frame.scriptId || frame.kind, {
      scriptId: frame.scriptId, deploymentId: frame.deploymentId, ...(stopAt !== undefined ? { stopAt } : {}),
    });
    this.frames.push(full);
    try {
      return fn();
    } finally {
      this.frames.pop();
      this.meter.end(inv);
    }
  }

  charge(units: number, op: string): void {
    this.activity++;
    this.meter.charge(units, op);
  }

  /** Metered calls so far, and the clock reads a script made since the last one. */
  private activity = 0;
  private spin = { activity: -1, reads: 0 };

  /**
   * The clock as a running compiled script reads it (`Date.now()`, `new Date()`). Time passes while a
   * script spins on the clock: SuiteScript has no sleep, so a wait is a loop reading the time. After
   * SPIN_READS reads with no metered call in between, each read moves a virtual clock on 1 ms, so
   * the loop ends when the waited time has passed, as it would in an account. Ordinary code, which
   * reads the time a few times between calls, never sees it move.
   */
  scriptNow(): number {
    if (this.clock instanceof VirtualClock && this.frame) {
      if (this.spin.activity === this.activity) {
        if (++this.spin.reads > SPIN_READS) this.clock.advance(1);
      } else {
        this.spin = { activity: this.activity, reads: 0 };
      }
    }
    return this.clock.now();
  }

  // ---- records --------------------------------------------------------------------------------
  private table(type: string): Map<number, StoredRecord> {
    let t = this.records.get(type);
    if (!t) {
      t = new Map();
      this.records.set(type, t);
    }
    return t;
  }

  newId(type: string): number {
    // transactions share one sequence of internal ids, as in NetSuite (an apply line's doc names one transaction)
    // so do items (one Item list: an item select field names one item of whatever type)
    const key = isTransaction(type) ? 'transaction' : isItem(type) ? 'item' : type;
    const next = (this.nextIds.get(key) || (type === 'customer' ? 100 : 0)) + 1;
    this.nextIds.set(key, next);
    return next;
  }

  find(type: string, id: number | string): StoredRecord | undefined {
    if (type === 'item') return findItem(this, id);
    return this.records.get(type)?.get(Number(id));
  }

  get(type: string, id: number | string): StoredRecord {
    const rec = this.find(type, id);
    if (!rec) {
      if (type.startsWith('customrecord') && this.recordTypes.size && !this.recordTypes.has(type)) {
        throw nsError('INVALID_RCRD_TYPE', `Record type ${type} does not exist in this account.`);
      }
      throw nsError('RCRD_DSNT_EXIST', `That record does not exist. path: ${type} id: ${id}`);
    }
    return rec;
  }

  all(type: string): StoredRecord[] {
    return [...(this.records.get(type)?.values() || [])];
  }

  /** Default values of a new record of this type (custom field defaults from the SDF objects). */
  defaults(type: string): Values {
    // records and lists NetSuite keeps have an inactive flag, false unless set (transactions have none)
    const std = standardType(type);
    const out: Values = !std || std.body.includes('isinactive') ? { isinactive: false } : {};
    const defs = type.startsWith('customrecord') ? this.recordTypes.get(type)?.fields.values()
      : type === 'customer' ? this.entityFields.values() : undefined;
    for (const def of defs || []) if (def.defaultValue !== undefined) out[def.id] = def.defaultValue;
    // a new transaction is dated today unless told
    if (std && isTransaction(type)) out.trandate = this.now();
    // a customer payment's Auto Apply box starts as the account has it (books.autoApplyPayments)
    if (type === 'customerpayment') out.autoapply = this.books.autoApplyPayments;
    return out;
  }

  /** Records by external id (group:externalid), so a write need not read every record of its group; checked against the record itself, so a stale entry never clashes. */
  private externalIds?: Map<string, StoredRecord>;

  /** Transactions are one record group: an external id is unique across all their types. */
  private externalIdGroup(type: string): string {
    return isTransaction(type) ? 'transaction' : isItem(type) ? 'item' : type;
  }

  /** The record of the type's group (all transactions are one) holding an external id. */
  externalIdHolder(type: string, externalId: string): StoredRecord | undefined {
    if (!this.externalIds) {
      // built once from every record (and again after a restore), then kept by each write
      this.externalIds = new Map();
      for (const t of this.records.values()) {
        for (const r of t.values()) if (r.fields.externalid !== undefined && r.fields.externalid !== '') this.externalIds.set(`${this.externalIdGroup(r.type)}:${String(r.fields.externalid)}`, r);
      }
    }
    const rec = this.externalIds.get(`${this.externalIdGroup(type)}:${externalId}`);
    return rec && this.find(rec.type, rec.id) === rec && rec.fields.externalid === externalId ? rec : undefined;
  }

  private indexExternalId(rec: StoredRecord): void {
    if (this.externalIds && rec.fields.externalid !== undefined && rec.fields.externalid !== '') this.externalIds.set(`${this.externalIdGroup(rec.type)}:${String(rec.fields.externalid)}`, rec);
  }

  /**
   * System notes of custom records whose type enables them (Oracle, "System Notes Overview" and the
   * customrecordtype `enablesystemnotes` element): a Create note, then one Change note per field a save
   * changed, with its old and new value, shown on the record's System Notes subtab to whoever views it.
   */
  private readonly notes: SystemNote[] = [];

  /** What the System Notes subtab of a record shows the running user (who must be able to view the record). */
  systemNotes(type: string, id: number | string): SystemNote[] {
    this.requirePermission(type, LEVEL.VIEW);
    return this.notes.filter((n) => n.recordType === type && n.recordId === Number(id)).map((n) => ({ ...n }));
  }

  private noteChanges(type: string, id: number, before: Values | undefined, values: Values, when: Date): void {
    if (!this.recordTypes.get(type)?.systemNotes) return;
    const by = this.currentUser.name;
    if (!before) {
      this.notes.push({ recordType: type, recordId: id, type: 'Create', field: '', oldValue: '', newValue: '', date: when, setBy: by });
      return;
    }
    const shown = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(',') : String(v));
    for (const [fieldId, v] of Object.entries(values)) {
      if (shown(before[fieldId]) === shown(v)) continue;
      const field = this.fieldDef(type, fieldId)?.label || fieldId;
      this.notes.push({ recordType: type, recordId: id, type: 'Change', field, oldValue: shown(before[fieldId]), newValue: shown(v), date: when, setBy: by });
    }
  }

  /** Write a record (insert when id is absent). Unmetered: callers charge. */
  write(type: string, values: Values, opts: { id?: number; texts?: Record<string, string>; sublists?: Record<string, Values[]>; expectVersion?: number } = {}): StoredRecord {
    const now = this.now();
    this.assertStoredShape(type, values, opts.sublists);
    // an external id is unique per record type: NetSuite refuses a second record with it
    if (values.externalid !== undefined && values.externalid !== '') {
      const clash = this.externalIdHolder(type, String(values.externalid));
      if (clash && !(clash.type === type && clash.id === opts.id)) throw nsError('DUP_RCRD', `A ${type} record with external ID ${String(values.externalid)} already exists.`);
    }
    if (opts.id !== undefined) {
      const rec = this.get(type, opts.id);
      if (opts.expectVersion !== undefined && rec.version !== opts.expectVersion) {
        throw nsError('RCRD_HAS_BEEN_CHANGED', `Record has been changed since it was loaded. path: ${type} id: ${opts.id}`);
      }
      this.noteChanges(type, rec.id, rec.fields, values, now);
      Object.assign(rec.fields, values, { lastmodified: now });
      for (const k of Object.keys(values)) delete rec.texts[k];
      Object.assign(rec.texts, opts.texts || {});
      if (opts.sublists) Object.assign(rec.sublists, opts.sublists);
      rec.version++;
      this.indexExternalId(rec);
      this.afterWrite(rec);
      return rec;
    }
    const id = this.newId(type);
    const rec: StoredRecord = {
      type, id, version: 1,
      fields: { ...this.defaults(type), ...values, internalid: String(id), created: now, lastmodified: now },
      texts: { ...(opts.texts || {}) },
      sublists: opts.sublists || {},
    };
    this.table(type).set(id, rec);
    this.indexExternalId(rec);
    this.noteChanges(type, id, undefined, values, now);
    if (type === 'customersubsidiaryrelationship') {
      const key = String(rec.fields.entity);
      this.relationships.set(key, [...(this.relationships.get(key) || []), rec]);
    }
    this.afterWrite(rec);
    return rec;
  }

  /** Keep a customer's subsidiary relationships in step with its primary subsidiary. */
  private afterWrite(rec: StoredRecord): void {
    if (rec.type !== 'customer') return;
    // altname is the customer's display name in searches: company name, or a person's name
    const f = rec.fields;
    f.altname = f.isperson ? [f.firstname, f.middlename, f.lastname].filter(Boolean).join(' ') : String(f.companyname ?? '');
    if (!rec.fields.subsidiary) return;
    const primary = String(rec.fields.subsidiary);
    if (!this.subsidiaryRelationships(rec.id).some((r) => String(r.fields.subsidiary) === primary)) {
      this.write('customersubsidiaryrelationship', { entity: String(rec.id), subsidiary: primary, isprimarysub: true });
    }
    for (const r of this.subsidiaryRelationships(rec.id)) r.fields.isprimarysub = String(r.fields.subsidiary) === primary;
  }

  /** The customersubsidiaryrelationship records of a customer. */
  subsidiaryRelationships(customerId: number | string): StoredRecord[] {
    return (this.relationships.get(String(customerId)) || []).filter((r) => this.find(r.type, r.id) === r);
  }

  remove(type: string, id: number | string): void {
    this.get(type, id);
    this.records.get(type)!.delete(Number(id));
  }

  notInlineEditable(type: string, fieldId: string): boolean {
    return NOT_INLINE_EDITABLE[type]?.has(fieldId) || false;
  }

  /** The display name NetSuite shows for a record in a select field. */
  displayName(type: string, id: string): string {
    const rec = this.find(type, id);
    if (!rec) return '';
    const f = rec.fields;
    if (type === 'customer') {
      return String(f.entityid || f.companyname || [f.firstname, f.lastname].filter(Boolean).join(' ') || id);
    }
    return String(f.name || f.acctname || f.itemid || f.symbol || f.entityid || f.altname || id);
  }

  /** Text of a field value: stored text, else the name of the selected record(s). */
  textOf(rec: StoredRecord, fieldId: string): string {
    if (rec.texts[fieldId] !== undefined) return rec.texts[fieldId];
    const v = rec.fields[fieldId];
    if (v === undefined || v === null) return '';
    const target = this.selectTarget(rec.type, fieldId);
    if (target) {
      const ids = Array.isArray(v) ? v : [v];
      return ids.map((x) => this.displayName(target, String(x))).join(',');
    }
    if (typeof v === 'boolean') return v ? 'T' : 'F';
    if (v instanceof Date) return this.dateText(rec.type, fieldId, v);
    return String(v);
  }

  /** A DATE field shows a date; DATETIMETZ fields and the standard dates show date and time. */
  dateKind(type: string, fieldId: string): DateKind {
    return this.fieldDef(type, fieldId)?.type === 'DATE' ? 'date' : 'datetime';
  }

  /** A date value as the current user sees it: text in their date format and time zone. */
  dateText(type: string, fieldId: string, value: Date): string {
    return formatDateText(value, this.datePreferences(), this.dateKind(type, fieldId));
  }

  /** A Transaction search money column of a transaction (see Books.searchColumn), or undefined. */
  transactionColumn(rec: StoredRecord, column: string): unknown {
    return this.books.setup ? this.books.searchColumn(rec, column) : undefined;
  }

  /** May the running user see this record? Customers of subsidiaries outside the role's restriction may not be seen. */
  visibleToUser(type: string, rec: { fields: Values }): boolean {
    const user = this.currentUser;
    // a Transaction search shows only the types the role may view
    const rowType = (rec as Partial<StoredRecord>).type;
    if (type === 'transaction' && rowType && !isAdministrator(user) && recordLevel(this, user, rowType).level < LEVEL.VIEW) return false;
    const subs = user.subsidiaries;
    if (!subs || type !== 'customer') return true;
    return subs.map(String).includes(String(rec.fields.subsidiary ?? ''));
  }

  /** Record type a select field points at, when known. */
  selectTarget(type: string, fieldId: string): string | undefined {
    const def = this.fieldDef(type, fieldId);
    if (def?.selectRecordType) return def.selectRecordType;
    const standard: Record<string, string> = {
      subsidiary: 'subsidiary', entity: 'customer', customer: 'customer', parent: type, currency: 'currency',
    };
    if (type !== 'subsidiary' || fieldId !== 'parent') return standard[fieldId];
    return 'subsidiary';
  }

  // ---- seeding helpers (free: no invocation) ---------------------------------------------------
  addSubsidiary(name: string, values: Values = {}): number {
    return this.write('subsidiary', { name, isinactive: false, ...values }).id;
  }

  /** A customer with its primary subsidiary and, optionally, secondary ones. */
  addCustomer(values: Values & { subsidiaries?: Array<number | string>; currencies?: Array<number | string>; address?: Values }): number {
    const { subsidiaries, currencies, address, ...fields } = values;
    const base: Values = { isperson: false, isinactive: false, ...fields };
    if (base.entityid === undefined) base.entityid = String(base.companyname || [base.firstname, base.lastname].filter(Boolean).join(' '));
    // Multiple Currencies: the currencies the customer may be billed and paid in, besides its primary one
    const sublists: Record<string, Values[]> = {};
    if (currencies) sublists.currency = currencies.map((c) => ({ currency: String(c) }));
    // an address: one addressbook line, the default billing and shipping address
    if (address) sublists.addressbook = [addressLine(address)];
    const rec = this.write('customer', base, { sublists });
    for (const s of subsidiaries || []) {
      const exists = this.subsidiaryRelationships(rec.id).some((r) => String(r.fields.subsidiary) === String(s));
      if (!exists) this.write('customersubsidiaryrelationship', { entity: String(rec.id), subsidiary: String(s), isprimarysub: false });
    }
    return rec.id;
  }

  addSavedSearch(def: SavedSearchDef): void {
    this.savedSearches.set(def.id, def);
  }

  setSecret(id: string, value: string, allowedDomains?: string[]): void {
    this.secrets.set(id, { value, allowedDomains });
  }

  setScriptParameter(scriptId: string, name: string, value: unknown, deploymentId?: string): void {
    const key = deploymentId ? `${scriptId}/${deploymentId}` : scriptId;
    const vals = this.scriptParameters.get(key) || {};
    vals[name] = value;
    this.scriptParameters.set(key, vals);
  }

  scriptParameter(name: string): unknown {
    const f = this.frame;
    if (!f?.scriptId) return null;
    const dep = this.scriptParameters.get(`${f.scriptId}/${f.deploymentId}`);
    if (dep && name in dep) return dep[name];
    const scr = this.scriptParameters.get(f.scriptId);
    return scr && name in scr ? scr[name] : null;
  }

  // ---- https routing --------------------------------------------------------------------------
  routeHttps(host: string, route: HttpsRoute): void {
    this.routes.unshift({ host: host.toLowerCase(), route });
  }

  routeFor(url: URL): HttpsRoute | undefined {
    return this.routes.find((r) => r.host === url.host.toLowerCase())?.route;
  }

  /** Script and deployment ids behind an internal id pair from a Suitelet URL. */
  scriptByInternalIds(script: string, deploy: string): { scriptId: string; deploymentId: string } | undefined {
    for (const s of this.scripts.values()) {
      if (String(s.internalId) !== script && s.id !== script) continue;
      for (const [depId, n] of s.deploymentIds) if (String(n) === deploy || depId === deploy) return { scriptId: s.id, deploymentId: depId };
    }
    return undefined;
  }

  get domain(): string {
    return `${this.accountId.toLowerCase().replace(/_/g, '-')}.app.netsuite.com`;
  }

  // ---- persistence (the local sandbox's --data) ------------------------------------------------
  snapshot(): unknown {
    return { records: [...this.records].map(([type, t]) => [type, [...t.values()]]), nextIds: [...this.nextIds] };
  }

  restore(snapshot: unknown): void {
    const snap = snapshot as { records: Array<[string, StoredRecord[]]>; nextIds: Array<[string, number]> };
    this.records.clear();
    this.externalIds = undefined;
    this.relationships.clear();
    for (const [type, recs] of snap.records) {
      const table = this.table(type);
      for (const r of recs) {
        table.set(r.id, r);
        if (type === 'customersubsidiaryrelationship') {
          const key = String(r.fields.entity);
          this.relationships.set(key, [...(this.relationships.get(key) || []), r]);
        }
      }
    }
    this.nextIds = new Map(snap.nextIds);
  }

  // ---- inspection -----------------------------------------------------------------------------
  /** Every place a secret value appears where it must not: logs, record fields, texts. */
  findSecretLeaks(extra: string[] = []): string[] {
    const values = [...[...this.secrets.values()].map((s) => s.value), ...extra].filter((v) => v.length >= 8);
    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      for (const v of values) if (text.includes(v)) leaks.push(`${where} contains a secret`);
    };
    this.logs.forEach((l, i) => scan(`log #${i} (${l.title})`, `${l.title} ${l.details}`));
    for (const [type, table] of this.records) {
      for (const rec of table.values()) {
        for (const [k, v] of Object.entries(rec.fields)) {
          if (k === 'custrecord_pp_cfg_webhook_secret') continue; // the one place a signing secret is kept, by design
          if (typeof v === 'string') scan(`${type} ${rec.id} ${k}`, v);
        }
      }
    }
    // a system note shows old and new values to every role that views the record: no secret there, signing secrets included
    this.notes.forEach((n, i) => {
      const text = `${n.oldValue} ${n.newValue}`;
      scan(`system note #${i} (${n.recordType} ${n.recordId} ${n.field})`, text);
      if (/whsec_/.test(text)) leaks.push(`system note #${i} (${n.recordType} ${n.recordId} ${n.field}) contains a signing secret`);
    });
    return leaks;
  }
}

let current: Account | undefined;

/** The account the N/* doubles act on. */
export function account(): Account {
  if (!current) current = new Account();
  return current;
}

export function useAccount(a: Account): Account {
  current = a;
  return a;
}
