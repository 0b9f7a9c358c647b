/** Demo data for the sandbox: two subsidiaries, one PayPack Config, saved searches, a few hundred customers. */
import * as record from '../emulator/netsuite/N/record';
import { Account } from '../emulator/netsuite';
import { DEFAULT_COLUMNS } from '../src/core/mapping';

export const DEMO_SECRET_ID = 'custsecret_pp_stripe_sk';

const CITIES = [['Austin', 'US'], ['Toronto', 'CA'], ['Berlin', 'DE'], ['Lyon', 'FR'], ['Leeds', 'GB'], ['Osaka', 'JP']];
const NAMES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Soylent', 'Cyberdyne'];

/** The saved searches an admin would build: PayPack's default columns, plus one column that is not sent. */
const DEMO_COLUMNS = [...DEFAULT_COLUMNS, { name: 'entityid', label: 'Customer ID' }];

/** Saved searches are definitions, not data: a restored account gets them again. */
export function addDemoSearches(account: Account): void {
  for (const id of ['customsearch_pp_demo_sync', 'customsearch_pp_demo_mass']) {
    account.addSavedSearch({ id, type: 'customer', title: 'PayPack demo customers', filters: [{ name: 'isinactive', operator: 'is', values: ['F'] }], columns: DEMO_COLUMNS });
  }
}

/** Seed a fresh account; returns the config's internal id. */
export function seedDemo(account: Account, customers: number): { configId: number } {
  const us = account.addSubsidiary('PayPack Demo US');
  const eu = account.addSubsidiary('PayPack Demo EU');
  addDemoSearches(account);
  const cfg = record.create({ type: 'customrecord_pp_config' });
  cfg.setValue({ fieldId: 'name', value: 'PayPack Demo Stripe' });
  cfg.setValue({ fieldId: 'custrecord_pp_cfg_subsidiaries', value: [String(us), String(eu)] });
  cfg.setValue({ fieldId: 'custrecord_pp_cfg_secret', value: DEMO_SECRET_ID });
  cfg.setValue({ fieldId: 'custrecord_pp_cfg_sync_search', value: 'customsearch_pp_demo_sync' });
  cfg.setValue({ fieldId: 'custrecord_pp_cfg_mass_search', value: 'customsearch_pp_demo_mass' });
  cfg.setValue({ fieldId: 'custrecord_pp_cfg_portal_return_url', value: 'https://example.com/billing' });
  const configId = cfg.save();
  for (let i = 1; i <= customers; i++) {
    const [city, country] = CITIES[i % CITIES.length];
    const company = `${NAMES[i % NAMES.length]} ${city} ${i}`;
    // a few customers with bad data, to show what a failed sync looks like
    const email = i % 97 === 0 ? '' : i % 89 === 0 ? `billing${i}@invalid` : `billing${i}@${NAMES[i % NAMES.length].toLowerCase()}.example`;
    account.addCustomer({
      companyname: company, email, phone: `+1 555 ${String(1000 + i).slice(-4)}`, address: { city, country },
      subsidiary: String(i % 3 === 0 ? eu : us), subsidiaries: i % 10 === 0 ? [i % 3 === 0 ? us : eu] : [],
    });
  }
  return { configId };
}
