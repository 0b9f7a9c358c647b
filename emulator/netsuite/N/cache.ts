/** N/cache double: named caches with ttl; get/put/remove cost 1 unit. Values are strings. */
import { account } from '../account';

export const Scope = { PRIVATE: 'PRIVATE', PROTECTED: 'PROTECTED', PUBLIC: 'PUBLIC' } as const;

export function getCache(options: { name: string; scope?: string }) {
  const acct = account();
  const key = `${options.scope || Scope.PRIVATE}:${options.name}`;
  let store = acct.caches.get(key);
  if (!store) { store = new Map(); acct.caches.set(key, store); }
  const s = store;
  const now = () => acct.clock.now();
  return {
    name: options.name,
    scope: options.scope || Scope.PRIVATE,
    get(o: { key: string; loader?: (ctx: { key: string }) => unknown; ttl?: number }): string | null {
      acct.charge(1, 'cache.get');
      const hit = s.get(o.key);
      if (hit && hit.expires > now()) return hit.value;
      if (!o.loader) return null;
      const loaded = o.loader({ key: o.key });
      const value = typeof loaded === 'string' ? loaded : JSON.stringify(loaded);
      s.set(o.key, { value, expires: now() + (o.ttl ?? 3600) * 1000 });
      return value;
    },
    put(o: { key: string; value: unknown; ttl?: number }): void {
      acct.charge(1, 'cache.put');
      s.set(o.key, { value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value), expires: now() + (o.ttl ?? 3600) * 1000 });
    },
    remove(o: { key: string }): void {
      acct.charge(1, 'cache.remove');
      s.delete(o.key);
    },
  };
}
