/** The hourly allowance of a link, counted in N/cache (a lost count only lets a link start its hour again). */
import * as cache from 'N/cache';
import { LINK_ALLOWANCE_PER_HOUR, LinkMeter, LinkSpend } from '../core/link-budget';

const CACHE = { name: 'paypack_links', scope: cache.Scope.PROTECTED };
const HOUR_MS = 3600 * 1000;

/** The meter of one link (`pay` of an invoice, `portal` of a customer), for the current clock hour. */
export function linkMeter(source: 'pay' | 'portal', recordId: string): LinkMeter {
  return {
    take(what: LinkSpend): boolean {
      const key = `${source}-${recordId}-${what}-${Math.floor(Date.now() / HOUR_MS)}`;
      const store = cache.getCache(CACHE);
      const used = Number(store.get({ key }) || 0);
      if (used >= LINK_ALLOWANCE_PER_HOUR[what]) return false;
      store.put({ key, value: String(used + 1), ttl: 3600 });
      return true;
    },
  };
}
