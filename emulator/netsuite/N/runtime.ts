/** N/runtime double: the running script, its parameters and remaining usage, the user, the context. */
import { account } from '../account';
import { keyLevel } from '../permissions';

export const ContextType = {
  USER_INTERFACE: 'USERINTERFACE', SUITELET: 'SUITELET', MAP_REDUCE: 'MAPREDUCE', USEREVENT: 'USEREVENT', SCHEDULED: 'SCHEDULED',
  CSV_IMPORT: 'CSVIMPORT', WEBSERVICES: 'WEBSERVICES', RESTLET: 'RESTLET', CLIENT: 'CLIENT', WORKFLOW: 'WORKFLOW', REST_WEBSERVICES: 'RESTWEBSERVICES',
  WEBSTORE: 'WEBSTORE', WEBAPPLICATION: 'WEBAPPLICATION',
} as const;
export const EnvType = { PRODUCTION: 'PRODUCTION', SANDBOX: 'SANDBOX', BETA: 'BETA', INTERNAL: 'INTERNAL' } as const;
export const Permission = { NONE: 0, VIEW: 1, CREATE: 2, EDIT: 3, FULL: 4 } as const;

export function getCurrentScript() {
  const acct = account();
  const f = acct.frame;
  return {
    id: f?.scriptId || '',
    deploymentId: f?.deploymentId || '',
    logLevel: 'DEBUG',
    bundleIds: [] as string[],
    apiVersion: '2.1',
    percentComplete: 0,
    getParameter(options: { name: string }): unknown {
      return acct.scriptParameter(options.name);
    },
    getRemainingUsage(): number {
      return acct.meter.remaining();
    },
  };
}

export function getCurrentUser() {
  const u = account().currentUser;
  return {
    id: u.id, name: u.name, email: u.email, role: u.roleId, roleId: u.role, subsidiary: u.subsidiary,
    roleCenter: 'BASIC', department: 0, location: 0, contact: 0,
    /** The role's level of a permission key (LIST_CUSTJOB, TRAN_CUSTINVC, ...): its role definition, or what a test gave the user. */
    getPermission(options: { name: string }): number {
      return keyLevel(account(), u, options.name);
    },
    /** Home > Set Preferences: DATEFORMAT, TIMEFORMAT and TIMEZONE are modelled. */
    getPreference(options: { name: string }): string {
      const prefs = account().datePreferences(u);
      const byName: Record<string, string> = { DATEFORMAT: prefs.dateFormat, TIMEFORMAT: prefs.timeFormat, TIMEZONE: prefs.timeZone };
      return byName[String(options?.name).toUpperCase()] ?? '';
    },
  };
}

export function getCurrentSession() {
  const store = new Map<string, string>();
  return { get: (o: { name: string }) => store.get(o.name) ?? null, set: (o: { name: string; value: string }) => { store.set(o.name, o.value); } };
}

export function isFeatureInEffect(options: { feature: string }): boolean {
  return ['SUBSIDIARIES', 'MULTISUBSIDIARYCUSTOMER', 'CUSTOMRECORDS', 'SERVERSIDESCRIPTING'].includes(options.feature.toUpperCase());
}

const runtime = {
  get executionContext(): string { return account().frame?.executionContext || ContextType.USER_INTERFACE; },
  get accountId(): string { return account().accountId; },
  get envType(): string { return EnvType.SANDBOX; },
  version: '2026.2',
  queueCount: 1,
  processorCount: 2,
};
export const { version, queueCount, processorCount } = runtime;
// executionContext/accountId are read when accessed, like NetSuite's live properties.
Object.defineProperty(exports, 'executionContext', { enumerable: true, get: () => runtime.executionContext });
Object.defineProperty(exports, 'accountId', { enumerable: true, get: () => runtime.accountId });
Object.defineProperty(exports, 'envType', { enumerable: true, get: () => runtime.envType });
