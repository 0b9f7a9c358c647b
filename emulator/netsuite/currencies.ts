/**
 * Currencies as a NetSuite account with Multiple Currencies (and OneWorld) keeps them: each subsidiary
 * has a base currency (the company's, without OneWorld), and a transaction in another currency
 * carries the exchange rate to its subsidiary's base currency, taken from the Currency Exchange Rates
 * table (one row per base and foreign currency, effective from a date) for the transaction's date.
 * Oracle help: "Currency Exchange Rates", "Subsidiaries".
 */
import { RecordStore, StoredRecord } from './store';

/** Where the company's own base currency is kept (NetSuite: Setup > Company > Company Information, `basecurrency`). */
export const COMPANY_INFORMATION = 'companyinformation';

/** A Currency Exchange Rates row: `basecurrency`, `transactioncurrency`, `exchangerate`, `effectivedate`. */
export const CURRENCY_RATE = 'currencyrate';

export class Currencies {
  constructor(private readonly acct: RecordStore) {}

  /** A OneWorld account: it has subsidiaries, and every transaction names one. */
  get oneWorld(): boolean {
    return this.acct.all('subsidiary').length > 0;
  }

  /** The company's base currency ('' until setupBooks, or a test, sets it). */
  get companyBase(): string {
    return String(this.acct.all(COMPANY_INFORMATION)[0]?.fields.basecurrency ?? '');
  }

  set companyBase(currency: string) {
    const info = this.acct.all(COMPANY_INFORMATION)[0];
    this.acct.write(COMPANY_INFORMATION, { basecurrency: String(currency) }, info ? { id: info.id } : {});
  }

  /** A subsidiary's base currency (its `currency`; one made without one has the company's). */
  baseOf(subsidiaryId: unknown): string {
    const sub = subsidiaryId ? this.acct.find('subsidiary', String(subsidiaryId)) : undefined;
    const own = String(sub?.fields.currency ?? '');
    const base = own || this.companyBase;
    if (!base) throw new Error('The account double has no base currency: setupBooks() sets the company\'s (books.currencies.companyBase).');
    return base;
  }

  /** Set (or change from `effective` on) the rate of one unit of `foreign` in `base`. */
  setRate(base: number | string, foreign: number | string, rate: number, effective: Date): void {
    if (!(rate > 0)) throw new Error(`An exchange rate must be positive (${rate}).`);
    this.acct.write(CURRENCY_RATE, { basecurrency: String(base), transactioncurrency: String(foreign), exchangerate: rate, effectivedate: effective });
  }

  /**
   * The rate of `foreign` in `base` on `date`: the table's latest row effective on or before it. NetSuite
   * always has one (a currency is made with a default rate); the double fails loudly when a test set none.
   */
  rate(base: string, foreign: string, date: Date): number {
    if (String(base) === String(foreign)) return 1;
    const rows = this.acct.all(CURRENCY_RATE)
      .filter((r: StoredRecord) => String(r.fields.basecurrency) === String(base) && String(r.fields.transactioncurrency) === String(foreign) && (r.fields.effectivedate as Date) <= date)
      .sort((a, b) => (b.fields.effectivedate as Date).getTime() - (a.fields.effectivedate as Date).getTime() || b.id - a.id);
    if (!rows.length) throw new Error(`The account double has no exchange rate from currency ${foreign} to base currency ${base} on ${date.toISOString()}: set one with books.currencies.setRate().`);
    return Number(rows[0].fields.exchangerate);
  }
}
