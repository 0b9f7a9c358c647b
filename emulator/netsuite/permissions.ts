/**
 * Roles and permissions: what the role a script runs with may do to a record type and to a custom
 * field. Sources (Oracle NetSuite help): "Custom Record Type Permissions" and the SDF
 * `customrecordtype` reference (accesstype NONENEEDED / CUSTRECORDENTRYPERM / USEPERMISSIONLIST and its
 * permission list), "Permission Names and IDs" (the keys of standard records), the SDF `role` reference
 * (permkey / permlevel), "Executing Scripts Using a Specific Role" (Execute As Role), "Providing Roles
 * with Access to a Custom Field in SDF" (accesslevel 0 none / 1 view / 2 edit, searchlevel 0 none /
 * 1 run / 2 edit, per role in roleaccesses).
 *
 * A leaf: schema.ts and account.ts read it; it imports nothing of the account.
 */
import { nsError } from './errors';

/** A custom field's access: 0 none, 1 view (search: run), 2 edit; for unnamed roles, and per named role. */
export interface FieldAccess {
  defaults: { access: number; search: number };
  roles: Map<string, { access: number; search: number }>;
}

/** A custom role (Objects/customrole_*.xml): its permission levels by key (`LIST_CUSTJOB`, `customrecord_x`). */
export interface RoleDef {
  id: string;
  name: string;
  permissions: Map<string, number>;
}

/** What a custom record type says about access (the part of schema.ts's RecordTypeDef read here). */
export interface RecordAccess {
  name: string;
  /** accesstype: NONENEEDED, CUSTRECORDENTRYPERM (NetSuite's default) or USEPERMISSIONLIST. */
  accessType: string;
  /** The permission list: role id -> level (0 none .. 4 full). */
  permissions: Map<string, number>;
}

/** N/runtime.Permission levels. */
export const LEVEL = { NONE: 0, VIEW: 1, CREATE: 2, EDIT: 3, FULL: 4 } as const;
export type Level = (typeof LEVEL)[keyof typeof LEVEL];
const LEVEL_NAMES: Record<string, Level> = { NONE: 0, VIEW: 1, CREATE: 2, EDIT: 3, FULL: 4 };

export function levelOf(name: unknown): Level {
  const level = LEVEL_NAMES[String(name ?? '').toUpperCase()];
  if (level === undefined) throw new Error(`Unknown permission level ${String(name)}`);
  return level;
}

/** A role reference as the SDF writes it (`[customrole_x]`, `[scriptid=customrole_x]`, `ADMINISTRATOR`), as a role id. */
export function roleId(ref: unknown): string {
  return String(ref ?? '').replace(/^\[(?:scriptid=)?|\]$/g, '').toLowerCase();
}

/**
 * The permission that governs each standard record type ("Permission Names and IDs"). A standard type
 * missing here is refused for any role but the Administrator: the emulator does not guess.
 */
export const RECORD_PERMISSIONS: Record<string, { key: string; name: string }> = {
  customer: { key: 'LIST_CUSTJOB', name: 'Customers' },
  // a customer's subsidiaries are part of the customer record (its Subsidiaries subtab)
  customersubsidiaryrelationship: { key: 'LIST_CUSTJOB', name: 'Customers' },
  subsidiary: { key: 'LIST_SUBSIDIARY', name: 'Subsidiaries' },
  currency: { key: 'LIST_CURRENCY', name: 'Currency' },
  account: { key: 'LIST_ACCOUNT', name: 'Accounts' },
  employee: { key: 'LIST_EMPLOYEE', name: 'Employees' },
  invoice: { key: 'TRAN_CUSTINVC', name: 'Invoice' },
  customerpayment: { key: 'TRAN_CUSTPYMT', name: 'Customer Payment' },
  creditmemo: { key: 'TRAN_CUSTCRED', name: 'Credit Memo' },
  customerrefund: { key: 'TRAN_CUSTRFND', name: 'Customer Refund' },
  deposit: { key: 'TRAN_DEPOSIT', name: 'Deposit' },
  journalentry: { key: 'TRAN_JOURNAL', name: 'Make Journal Entry' },
  salesorder: { key: 'TRAN_SALESORD', name: 'Sales Order' },
  // the Transaction search type (search.Type.TRANSACTION)
  transaction: { key: 'TRAN_FIND', name: 'Find Transaction' },
};

/** What a permission check reads: the running user's role and the account's installed definitions. */
export interface PermissionSubject {
  role: string;
  /** Levels by permission key a test gives a standard role (its Permissions subtabs), e.g. { LIST_CUSTJOB: 3 }. */
  permissions?: Record<string, number>;
}
export interface PermissionBook {
  roles: Map<string, RoleDef>;
  recordTypes: { get(type: string): RecordAccess | undefined };
}

export function isAdministrator(user: PermissionSubject): boolean {
  return roleId(user.role) === 'administrator';
}

/** The level a role holds of one permission key (its own list, or what the test gave the user). */
export function keyLevel(book: PermissionBook, user: PermissionSubject, key: string): Level {
  if (isAdministrator(user)) return LEVEL.FULL;
  const role = roleId(user.role);
  const def = book.roles.get(role);
  if (!def && role.startsWith('customrole')) throw new Error(`Role ${role} is not installed in this account.`);
  const fromRole = def?.permissions.get(key.startsWith('customrecord') ? key.toLowerCase() : key.toUpperCase()) ?? LEVEL.NONE;
  const given = user.permissions?.[key] ?? LEVEL.NONE;
  return Math.max(fromRole, given) as Level;
}

/** The level a role holds on a record type, and the permission's name for NetSuite's message. */
export function recordLevel(book: PermissionBook, user: PermissionSubject, type: string): { level: Level; name: string } {
  if (isAdministrator(user)) return { level: LEVEL.FULL, name: type };
  if (type.startsWith('customrecord')) {
    const def = book.recordTypes.get(type);
    if (!def) throw nsError('INVALID_RCRD_TYPE', `Record type ${type} does not exist in this account.`);
    if (def.accessType === 'NONENEEDED') return { level: LEVEL.FULL, name: def.name };
    if (def.accessType === 'CUSTRECORDENTRYPERM') return { level: keyLevel(book, user, 'LIST_CUSTRECORDENTRY'), name: 'Custom Record Entries' };
    // Use Permission List: the record's list and the role's Custom Record subtab are the same grant seen from two sides
    const listed = def.permissions.get(roleId(user.role)) ?? LEVEL.NONE;
    return { level: Math.max(listed, keyLevel(book, user, type)) as Level, name: def.name };
  }
  const perm = RECORD_PERMISSIONS[type];
  if (!perm) throw new Error(`The account double does not know which permission governs ${type} records: it refuses them to every role but the Administrator.`);
  return { level: keyLevel(book, user, perm.key), name: perm.name };
}

const VERB: Record<number, string> = { 1: 'view', 2: 'create', 3: 'edit', 4: 'delete' };

/** Throws NetSuite's permission violation unless the role holds `need` on the record type. */
export function requireRecord(book: PermissionBook, user: PermissionSubject, type: string, need: Level): void {
  const { level, name } = recordLevel(book, user, type);
  if (level >= need) return;
  throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: You need a higher level of the '${name}' permission to ${VERB[need]} this record. Please contact your account administrator.`);
}

/** A custom field's access for the role: `access` 0 none / 1 view / 2 edit, `search` 0 none / 1 run / 2 edit. */
export function fieldAccess(access: FieldAccess | undefined, user: PermissionSubject): { access: number; search: number } {
  if (!access) return { access: 2, search: 2 };
  // a role the field names gets what it says (the Administrator too); the defaults are for the other roles
  const named = access.roles.get(roleId(user.role));
  if (named) return named;
  return isAdministrator(user) ? { access: 2, search: 2 } : access.defaults;
}
