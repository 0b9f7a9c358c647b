/** The mass sync's work list: every customer of each config's mass search, once per subsidiary that config serves. */
import * as search from 'N/search';
import { configsBySubsidiary, PayPackConfig } from '../core/config';
import { MassWork } from '../core/sync-flow';
import { createdAt, EXTRA_COLUMNS, mappedValues, searchDefinition, toColumns, withFilter } from './customer-search';
import { allLinks } from './sync-records';

const SUBSIDIARY_OF_ROW = { name: 'internalid', join: 'msesubsidiary' };

export function massWork(configs: PayPackConfig[], onlyConfigId?: string): MassWork[] {
  const work: MassWork[] = [];
  const links = allLinks();
  // one work item per customer and Stripe account, however many of its subsidiaries that account serves
  const queued = new Set<string>();
  const serving = configsBySubsidiary(configs);
  for (const config of configs) {
    if (onlyConfigId && config.id !== onlyConfigId) continue;
    const def = searchDefinition(config.massSearchId);
    const mapped = toColumns(def.columns);
    const extras = toColumns([EXTRA_COLUMNS.name, EXTRA_COLUMNS.subsidiary, EXTRA_COLUMNS.stripeId, EXTRA_COLUMNS.syncHash, EXTRA_COLUMNS.portalUrl, EXTRA_COLUMNS.created, SUBSIDIARY_OF_ROW]);
    const [name, primarySub, stripeId, syncHash, portalUrl, created, rowSub] = extras;
    const filter = config.subsidiaries.length ? ['msesubsidiary.internalid', 'anyof', ...config.subsidiaries] : ['internalid', 'noneof', '@NONE@'];
    const paged = search.create({ type: def.type, filters: withFilter(def, filter), columns: [...mapped, ...extras] }).runPaged({ pageSize: 1000 });
    for (const range of paged.pageRanges) {
      for (const r of paged.fetch({ index: range.index }).data) {
        const subsidiaryId = String(r.getValue(rowSub) || r.getValue(primarySub) || '');
        // a subsidiary served by another config belongs to that config's run
        if (serving(subsidiaryId)?.id !== config.id) continue;
        const primary = subsidiaryId === String(r.getValue(primarySub));
        // a config that also serves the primary subsidiary already syncs this customer there
        if (!primary && serving(String(r.getValue(primarySub)))?.id === config.id) continue;
        if (queued.has(`${r.id}|${config.id}`)) continue;
        queued.add(`${r.id}|${config.id}`);
        const link = primary ? undefined : links.get(`${r.id}|${config.id}`);
        work.push({
          customerId: r.id,
          name: String(r.getValue(name) || r.id),
          subsidiaryId,
          primary,
          config: { id: config.id, name: config.name, secretId: config.secretId, syncField: config.syncField, massSearchId: config.massSearchId },
          columns: mappedValues(r, mapped, def.columns),
          stripeId: primary ? String(r.getValue(stripeId) || '').trim() : link?.stripeId || '',
          syncHash: primary ? String(r.getValue(syncHash) || '') : link?.syncHash || '',
          portalUrl: primary ? String(r.getValue(portalUrl) || '') : '',
          linkId: link?.id,
          createdAt: createdAt(r.getValue(created)),
        });
      }
    }
  }
  return work;
}
