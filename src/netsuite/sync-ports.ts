/** SyncPorts and MassPorts over NetSuite. */
import * as search from 'N/search';
import { PayPackConfig } from '../core/config';
import { MassPorts, SyncPorts } from '../core/sync-flow';
import { loadConfigs } from './configs';
import { readCustomerRow, searchDefinition } from './customer-search';
import { stripeClient } from './stripe';
import { writeCustomerFields, writeLink, writeSyncLog } from './sync-records';

export const syncPorts: SyncPorts = {
  configs: loadConfigs,
  stripe: (config: PayPackConfig) => stripeClient(config.secretId),
  readRow: (config, customerId) => readCustomerRow(searchDefinition(config.syncSearchId), customerId),
  primarySubsidiary(customerId) {
    const found = search.lookupFields({ type: 'customer', id: customerId, columns: ['subsidiary'] }) as { subsidiary?: Array<{ value: string; text: string }> };
    const sub = found.subsidiary?.[0];
    return { id: sub?.value || '', name: sub?.text || '' };
  },
  writeCustomer: writeCustomerFields,
  logFailure: (entry) => writeSyncLog({ ...entry, outcome: 'failed' }),
  now: () => new Date(),
};

export const massPorts: MassPorts = {
  stripe: (config) => stripeClient(config.secretId),
  writeCustomer: writeCustomerFields,
  writeLink: (linkId, values) => { writeLink(linkId, values); },
  logFailure: (entry) => writeSyncLog({ ...entry, outcome: 'failed' }),
  now: () => new Date(),
};
