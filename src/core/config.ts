/** PayPack Config records: which Stripe account serves which subsidiary. */
import { CONFIG } from './ids';
export interface PayPackConfig {
  id: string;
  name: string;
  /** Subsidiary ids served; empty = every subsidiary no other config names (single-subsidiary accounts). */
  subsidiaries: string[];
  secretId: string;
  syncField: string;
  syncSearchId: string;
  massSearchId: string;
  defaultPmSearchId: string;
  autoSync: boolean;
  /** Auto-sync also customers made by a web store sign-up (anyone on the internet can make one). */
  autoSyncWebStore: boolean;
  webhookEnabled: boolean;
  webhookId: string;
  portalReturnUrl: string;
  /** Autopay Days: the days after a due date on which Autopay charges (`0,3,7`; '' the due date only). */
  autopayDays?: string;
  /** Post to NetSuite transactions (the books). */
  books: BooksSettings;
}

export interface BooksSettings {
  post: boolean;
  /**
   * Post From as an instant (epoch seconds of the start of that day), read by the user who loaded the
   * config: the config cache is shared by every user, and date text is in each user's own format.
   * Absent when not set, or when it could not be read (then `postFromUnreadable` holds the text).
   */
  postFrom?: number;
  postFromUnreadable?: string;
  /** The name of the payment method on what PayPack posts. */
  paymentMethod: string;
  /** Internal ids of the accounts payout deposits use ('' when not set): the bank payouts reach, Stripe's fees, and what has no NetSuite transaction. */
  bankAccount: string;
  feeAccount: string;
  clearingAccount: string;
  /** Internal id of the item a refund's credit memo credits (a non-inventory or other-charge item; '' when not set). */
  refundItem: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const CONFIG_PATH = 'Customization > Lists, Records, & Fields > Record Types > PayPack Config';

/** The one config serving a subsidiary, or a clear error saying what to set up. */
export function configForSubsidiary(configs: PayPackConfig[], subsidiary: { id: string; name: string }, who: string): PayPackConfig {
  const named = configs.filter((c) => c.subsidiaries.includes(subsidiary.id));
  const candidates = named.length ? named : configs.filter((c) => c.subsidiaries.length === 0);
  if (candidates.length === 1) return checkConfig(candidates[0]);
  if (candidates.length === 0) {
    throw new ConfigError(`No PayPack Config serves subsidiary ${subsidiary.name || subsidiary.id} of ${who}. Add the subsidiary to the PayPack Config of its Stripe account (${CONFIG_PATH}).`);
  }
  throw new ConfigError(`${candidates.length} PayPack Configs serve subsidiary ${subsidiary.name || subsidiary.id} of ${who}: ${candidates.map((c) => `${c.name} (id ${c.id})`).join(', ')}. A subsidiary may belong to one Stripe account only: remove it from all but one.`);
}

/** Every config that serves a subsidiary, for the mass sync (no error: a subsidiary without a config is skipped). */
export function configsBySubsidiary(configs: PayPackConfig[]): (subsidiaryId: string) => PayPackConfig | undefined {
  return (subsidiaryId) => {
    const named = configs.filter((c) => c.subsidiaries.includes(subsidiaryId));
    const candidates = named.length ? named : configs.filter((c) => c.subsidiaries.length === 0);
    return candidates.length === 1 ? candidates[0] : undefined;
  };
}

export function checkConfig(config: PayPackConfig): PayPackConfig {
  const problem = secretIdProblem(config);
  if (problem) throw new ConfigError(problem);
  return config;
}

/** What is wrong with a config's API secret id, in words for the admin; undefined when it is a script id. */
export function secretIdProblem(config: Pick<PayPackConfig, 'id' | 'name' | 'secretId'>): string | undefined {
  if (/^custsecret_?[a-z0-9_]+$/i.test(config.secretId)) return undefined;
  // a key pasted where its secret's id belongs is never repeated into a log or a message
  const pastedKey = /^(sk|rk)_|^whsec_/i.test(config.secretId.trim());
  // the field by its label, as the admin sees it on the config form
  const what = pastedKey ? 'a Stripe key where the id of its API secret belongs'
    : config.secretId.trim() ? `no valid API secret id ("${config.secretId}") in Stripe Secret Key (API Secret ID)` : 'a blank Stripe Secret Key (API Secret ID)';
  return `PayPack Config ${config.name}${config.id ? ` (id ${config.id})` : ''} has ${what}. Enter the script id of the API secret that holds the Stripe key, e.g. custsecret_pp_stripe_sk${pastedKey ? ', and roll that key in the Stripe Dashboard: it was typed into a record' : ''}.`;
}

/** The config's URLs where Stripe sends the customer (Checkout success and cancel, portal return), with their labels. */
export const CUSTOMER_URL_FIELDS = [
  [CONFIG.paySuccessUrl, 'Pay by Card Success URL'],
  [CONFIG.payCancelUrl, 'Pay by Card Cancel URL'],
  [CONFIG.portalReturnUrl, 'Portal Return URL'],
] as const;

/**
 * Why a URL Stripe sends the customer to is refused ('' when it is fine or empty): only an https
 * address, so a customer leaving Checkout or the portal never lands on a page that can be read or
 * changed on its way.
 */
export function customerUrlProblem(label: string, value: string): string {
  const v = value.trim();
  if (!v) return '';
  // a host name, an optional port, then a path, query or fragment without spaces (no URL class in SuiteScript)
  if (!/^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#]\S*)?$/i.test(v)) return `${label} must be an https address (https://...): ${v.slice(0, 200)} is not one.`;
  return '';
}

/** A config field as PayPack's change note shows it. */
export interface ConfigFieldChange { label: string; before: string; after: string; secret: boolean }

/**
 * PayPack's own note of a config save, one line per changed field (the config keeps no system notes:
 * they would show the signing secret's old and new values to every role that views the config).
 * A secret is said to be set, replaced or cleared, never shown.
 */
export function configChangeNote(changes: ConfigFieldChange[]): string {
  return changes
    .filter((c) => c.before !== c.after)
    .map((c) => (c.secret
      ? `${c.label}: ${!c.before ? 'set' : !c.after ? 'cleared' : 'replaced'}`
      : `${c.label}: ${c.before || '(blank)'} → ${c.after || '(blank)'}`))
    .join('\n');
}
