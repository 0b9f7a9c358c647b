/** Reading PayPack Config records (cached: every sync needs them, they rarely change). */
import * as cache from 'N/cache';
import * as search from 'N/search';
import * as format from 'N/format';
import { BooksSettings, PayPackConfig } from '../core/config';
import { CONFIG, RECORD } from '../core/ids';

const CACHE = { name: 'paypack', scope: cache.Scope.PROTECTED };
const CONFIGS_KEY = 'configs';
/** Configs change only through the config record, whose user event forgets this entry: keep it a day. */
const TTL_SECONDS = 86400;

/** Post From as an instant: the text is in the loading user's format, which N/format reads in the same context. */
function postFrom(text: string): Pick<BooksSettings, 'postFrom' | 'postFromUnreadable'> {
  if (!text) return {};
  const day = format.parse({ value: text, type: format.Type.DATE });
  return day instanceof Date && Number.isFinite(day.getTime()) ? { postFrom: Math.floor(day.getTime() / 1000) } : { postFromUnreadable: text };
}

function readConfigs(): PayPackConfig[] {
  // the signing secrets are not the sync's to read (only the webhook role and the Administrator may)
  const columns = ['name', ...Object.values(CONFIG).filter((f) => f !== CONFIG.webhookSecret && f !== CONFIG.webhookNewSecret)];
  const rows = search.create({ type: RECORD.config, filters: [['isinactive', 'is', 'F']], columns }).run().getRange({ start: 0, end: 1000 });
  return rows.map((r) => {
    const text = (f: string) => String(r.getValue(f) ?? '').trim();
    const subs = r.getValue(CONFIG.subsidiaries);
    return {
      id: r.id,
      name: text('name') || `PayPack Config ${r.id}`,
      subsidiaries: String(subs ?? '').split(',').map((x) => x.trim()).filter(Boolean),
      secretId: text(CONFIG.secret),
      syncField: text(CONFIG.syncField) || 'email',
      syncSearchId: text(CONFIG.syncSearch),
      massSearchId: text(CONFIG.massSearch),
      defaultPmSearchId: text(CONFIG.defaultPmSearch),
      autoSync: r.getValue(CONFIG.autoSync) === true || r.getValue(CONFIG.autoSync) === 'T',
      autoSyncWebStore: r.getValue(CONFIG.autoSyncWebStore) === true || r.getValue(CONFIG.autoSyncWebStore) === 'T',
      webhookEnabled: r.getValue(CONFIG.webhookEnabled) === true || r.getValue(CONFIG.webhookEnabled) === 'T',
      webhookId: text(CONFIG.webhookId),
      portalReturnUrl: text(CONFIG.portalReturnUrl),
      autopayDays: text(CONFIG.autopayDays),
      books: {
        post: r.getValue(CONFIG.post) === true || r.getValue(CONFIG.post) === 'T',
        ...postFrom(text(CONFIG.postFrom)),
        paymentMethod: text(CONFIG.paymentMethod),
        bankAccount: text(CONFIG.bankAccount),
        feeAccount: text(CONFIG.feeAccount),
        clearingAccount: text(CONFIG.clearingAccount),
        refundItem: text(CONFIG.refundItem),
      },
    };
  });
}

export function loadConfigs(): PayPackConfig[] {
  const raw = cache.getCache(CACHE).get({ key: CONFIGS_KEY, loader: () => JSON.stringify(readConfigs()), ttl: TTL_SECONDS });
  return JSON.parse(raw || '[]') as PayPackConfig[];
}

/** After a config is saved: the next sync reads the configs again. */
export function forgetConfigs(): void {
  cache.getCache(CACHE).remove({ key: CONFIGS_KEY });
}
