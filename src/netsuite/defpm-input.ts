/** The default payment method refresh's work list: customers of each config's default PM search, and its customer links. */
import * as search from 'N/search';
import { PayPackConfig } from '../core/config';
import { DefaultPmWork } from '../core/default-pm-refresh';
import { CUSTOMER, LINK, RECORD } from '../core/ids';
import { searchDefinition, toColumns, withFilter } from './customer-search';

const COLUMNS = [{ name: CUSTOMER.stripeId }, { name: CUSTOMER.defaultPmId }, { name: CUSTOMER.defaultPm }, { name: CUSTOMER.defaultPmAt }];

export function defaultPmWork(configs: PayPackConfig[]): DefaultPmWork[] {
  const work: DefaultPmWork[] = [];
  for (const config of configs) {
    const cfg = { id: config.id, name: config.name, secretId: config.secretId };
    const def = config.defaultPmSearchId ? searchDefinition(config.defaultPmSearchId) : { id: '', type: 'customer', columns: [], filterExpression: [['isinactive', 'is', 'F']] };
    const cols = toColumns(COLUMNS);
    const subsidiaryFilter = config.subsidiaries.length ? ['subsidiary', 'anyof', ...config.subsidiaries] : ['internalid', 'noneof', '@NONE@'];
    const paged = search.create({ type: def.type, filters: withFilter(def, [[CUSTOMER.stripeId, 'isnotempty', ''], 'AND', subsidiaryFilter]), columns: cols }).runPaged({ pageSize: 1000 });
    for (const range of paged.pageRanges) {
      for (const r of paged.fetch({ index: range.index }).data) {
        work.push({
          kind: 'customer', recordId: r.id, customerId: r.id, config: cfg,
          stripeId: String(r.getValue(cols[0]) || ''), pmId: String(r.getValue(cols[1]) || ''), pmSummary: String(r.getValue(cols[2]) || ''), pmAt: Number(r.getValue(cols[3]) || 0),
        });
      }
    }
    const links = search.create({
      type: RECORD.customerLink,
      filters: [[LINK.config, 'anyof', config.id], 'AND', [LINK.stripeId, 'isnotempty', ''], 'AND', ['isinactive', 'is', 'F']],
      columns: [LINK.customer, LINK.stripeId, LINK.defaultPmId, LINK.defaultPm, LINK.defaultPmAt],
    }).runPaged({ pageSize: 1000 });
    for (const range of links.pageRanges) {
      for (const l of links.fetch({ index: range.index }).data) {
        work.push({
          kind: 'link', recordId: l.id, customerId: String(l.getValue(LINK.customer)), config: cfg, stripeId: String(l.getValue(LINK.stripeId)),
          pmId: String(l.getValue(LINK.defaultPmId) || ''), pmSummary: String(l.getValue(LINK.defaultPm) || ''), pmAt: Number(l.getValue(LINK.defaultPmAt) || 0),
        });
      }
    }
  }
  return work;
}
