/** SyncPorts and MassPorts over NetSuite. */
import * as search from 'N/search';
import { PayPackConfig } from '../core/config';
import { MassPorts, SyncPorts } from '../core/sync-flow';
import { loadConfigs } from './configs';
import { readCustomerRow, searchDefinition } from './customer-search';
import { stripeClient } from './stripe';
import { newPortalLink } from './portal';
import { writeCustomerFields, writeLink, writeSyncLog } from './sync-records';

/** What the button/auto-sync and the mass sync write the same way. */
const shared = {
  stripe: (config: Pick<PayPackConfig, 'secretId'>) => stripeClient(config.secretId),
  writeCustomer: writeCustomerFields,
  logFailure: (entry: Parameters<SyncPorts['logFailure']>[0]) => writeSyncLog({ ...entry, outcome: 'failed' }),
  now: () => new Date(),
  portalLink: newPortalLink,
};

export const syncPorts: SyncPorts = {
  ...shared,
  configs: loadConfigs,
  readRow: (config, customerId) => readCustomerRow(searchDefinition(config.syncSearchId), customerId),
  primarySubsidiary(customerId) {
    const found = search.lookupFields({ type: 'customer', id: customerId, columns: ['subsidiary'] }) as { subsidiary?: Array<{ value: string; text: string }> };
    const sub = found.subsidiary?.[0];
    return { id: sub?.value || '', name: sub?.text || '' };
  },
};

export const massPorts: MassPorts = {
  ...shared,
  writeLink: (linkId, values) => { writeLink(linkId, values); },
};
