/** N/search double: saved searches, filters and filter expressions, run/each/getRange/runPaged, lookupFields. */
import { account } from '../account';
import { nsError } from '../errors';
import { LEVEL } from '../permissions';
import { ColumnSpec, FilterExpression, FilterSpec, SavedSearchDef, SearchEngine, toColumn, toFilter } from '../search-engine';

export const Type = {
  CUSTOMER: 'customer', SUBSIDIARY: 'subsidiary', CUSTOMER_SUBSIDIARY_RELATIONSHIP: 'customersubsidiaryrelationship',
  EMPLOYEE: 'employee', TRANSACTION: 'transaction', SAVED_SEARCH: 'savedsearch',
} as const;
export const Operator = {
  AFTER: 'after', ALLOF: 'allof', ANY: 'any', ANYOF: 'anyof', BEFORE: 'before', BETWEEN: 'between', CONTAINS: 'contains',
  DOESNOTCONTAIN: 'doesnotcontain', DOESNOTSTARTWITH: 'doesnotstartwith', EQUALTO: 'equalto', GREATERTHAN: 'greaterthan',
  GREATERTHANOREQUALTO: 'greaterthanorequalto', HASKEYWORDS: 'haskeywords', IS: 'is', ISEMPTY: 'isempty', ISNOT: 'isnot',
  ISNOTEMPTY: 'isnotempty', LESSTHAN: 'lessthan', LESSTHANOREQUALTO: 'lessthanorequalto', NONEOF: 'noneof', NOTAFTER: 'notafter',
  NOTBEFORE: 'notbefore', NOTBETWEEN: 'notbetween', NOTEQUALTO: 'notequalto', NOTON: 'noton', NOTONORAFTER: 'notonorafter',
  NOTONORBEFORE: 'notonorbefore', NOTWITHIN: 'notwithin', ON: 'on', ONORAFTER: 'onorafter', ONORBEFORE: 'onorbefore',
  STARTSWITH: 'startswith', WITHIN: 'within',
} as const;
export const Summary = { GROUP: 'GROUP', COUNT: 'COUNT', SUM: 'SUM', AVG: 'AVG', MIN: 'MIN', MAX: 'MAX' } as const;
export const Sort = { ASC: 'ASC', DESC: 'DESC', NONE: 'NONE' } as const;

export class Column implements ColumnSpec {
  name: string; join?: string; summary?: string; label?: string; sort?: string; formula?: string;
  constructor(spec: ColumnSpec) {
    this.name = spec.name; this.join = spec.join; this.summary = spec.summary; this.label = spec.label; this.sort = spec.sort; this.formula = spec.formula;
  }
  setWhenOrderedBy(): this { return this; }
}
export class Filter implements FilterSpec {
  name: string; join?: string; operator: string; values: unknown[]; formula?: string;
  constructor(spec: FilterSpec) {
    this.name = spec.name; this.join = spec.join; this.operator = spec.operator; this.values = spec.values; this.formula = spec.formula;
  }
}

export function createColumn(options: ColumnSpec): Column {
  if (!options?.name) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'search.createColumn: Missing a required argument: name');
  return new Column(options);
}
export function createFilter(options: { name: string; join?: string; operator: string; values?: unknown; formula?: string }): Filter {
  if (!options?.name || !options.operator) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'search.createFilter: Missing a required argument: name or operator');
  return new Filter(toFilter({ ...options, values: ([] as unknown[]).concat(options.values ?? []) }));
}

function columnKey(c: ColumnSpec): string {
  const base = c.join ? `${c.name}.${c.join}` : c.name;
  return c.summary ? `${c.summary}(${base})` : base;
}

export class Result {
  /** vals: what getValue returns (dates already as the user's text); texts: getText; dates: which columns hold dates. */
  constructor(readonly recordType: string, readonly id: string, readonly columns: Column[], private readonly vals: unknown[], private readonly texts: Array<string | null>, private readonly dates: boolean[] = []) {}
  private index(col: ColumnSpec | string): number {
    const exact = this.columns.indexOf(col as Column);
    if (exact >= 0) return exact;
    const c = typeof col === 'string' ? toColumn(col) : col;
    return this.columns.findIndex((x) => x.name === c.name && (x.join || '').toLowerCase() === (c.join || '').toLowerCase() && (x.summary || '') === (c.summary || ''));
  }
  getValue(col: ColumnSpec | string | { name: string; join?: string; summary?: string }): unknown {
    const i = this.index(col as ColumnSpec);
    if (i < 0) return null;
    const v = this.vals[i];
    if (Array.isArray(v)) return v.join(',');
    return v;
  }
  /** (Double only) whether the column is a date, whose value is already text. */
  holdsDate(col: ColumnSpec | string): boolean {
    return this.dates[this.index(col as ColumnSpec)] === true;
  }
  getText(col: ColumnSpec | string): string | null {
    const i = this.index(col as ColumnSpec);
    return i < 0 ? null : this.texts[i];
  }
  /** The JSON NetSuite hands to map/reduce for a search result. */
  toJSON(): { recordType: string; id: string; values: Record<string, unknown> } {
    const values: Record<string, unknown> = {};
    this.columns.forEach((c, i) => {
      const v = this.vals[i];
      const t = this.texts[i];
      if (Array.isArray(v)) values[columnKey(c)] = v.map((x, k) => ({ value: String(x), text: (t || '').split(',')[k] || '' }));
      else if (this.dates[i]) values[columnKey(c)] = v;
      else if (t !== null) values[columnKey(c)] = v === '' ? { value: '', text: '' } : { value: String(v), text: t };
      else values[columnKey(c)] = typeof v === 'boolean' ? v : v === '' ? '' : String(v);
    });
    return { recordType: this.recordType, id: this.id, values };
  }
}

export class Search {
  id: string | null;
  searchId: number | null = null;
  title?: string;
  columns: Column[];
  private _filters: Filter[];
  private _expression: FilterExpression | undefined;
  constructor(readonly searchType: string, filters: Array<FilterSpec | unknown[]> | FilterExpression | undefined, columns: Array<ColumnSpec | string>, id: string | null = null) {
    this.id = id;
    this.columns = (columns || []).map((c) => new Column(toColumn(c)));
    const { list, expression } = splitFilters(filters);
    this._filters = list;
    this._expression = expression;
  }
  get filters(): Filter[] { return this._filters; }
  set filters(v: Filter[]) { this._filters = v.map((f) => new Filter(toFilter(f))); this._expression = undefined; }
  get filterExpression(): FilterExpression { return this._expression || this._filters.map((f) => [f.join ? `${f.join}.${f.name}` : f.name, f.operator, ...f.values]); }
  set filterExpression(v: FilterExpression) { const s = splitFilters(v); this._filters = s.list; this._expression = s.expression; }
  get searchType_(): string { return this.searchType; }

  /** All rows, unmetered (metering happens in the calls that read them). */
  results(): Result[] {
    const acct = account();
    const engine = new SearchEngine(acct);
    if (this.columns.some((c) => c.summary)) throw nsError('SSS_NOT_MODELLED', 'Summary columns are not modelled by the account double.');
    acct.requirePermission(this.searchType, LEVEL.VIEW);
    // a custom field the role may not search (its Access subtab, search level none) is not a column or filter it can use
    for (const c of this.columns) {
      // a column shows the field's value: the role must be able to view the field as well as search it
      if (!c.join && !(acct.fieldAllows(this.searchType, c.name, 'search', 1) && acct.fieldAllows(this.searchType, c.name, 'access', 1))) {
        throw nsError('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${c.name}.`);
      }
    }
    for (const f of [...this._filters, ...expressionTerms(this._expression)]) {
      if (!f.join && !acct.fieldAllows(this.searchType, f.name, 'search', 1)) throw nsError('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${f.name}.`);
    }
    const rows = engine.rows(this.searchType, this._filters, this._expression, this.columns);
    return rows.map((row) => new Result(
      row.base.type, String(row.base.id), this.columns,
      this.columns.map((c) => engine.shown(row, c)),
      this.columns.map((c) => engine.text(row, c)),
      this.columns.map((c) => engine.value(row, c) instanceof Date),
    ));
  }

  run(): ResultSet {
    return new ResultSet(this);
  }

  runPaged(options: { pageSize?: number } = {}): PagedData {
    const pageSize = options.pageSize ?? 50;
    if (pageSize < 5 || pageSize > 1000) throw nsError('INVALID_PAGE_RANGE', 'pageSize must be between 5 and 1000.');
    account().charge(5, 'search.runPaged');
    return new PagedData(this.results(), pageSize);
  }

  save(): number {
    const acct = account();
    acct.charge(5, 'search.save');
    if (!this.id) this.id = `customsearch${acct.savedSearches.size + 1}`;
    acct.addSavedSearch({ id: this.id, type: this.searchType, title: this.title, filters: this._filters, filterExpression: this._expression, columns: this.columns });
    return acct.savedSearches.size;
  }
}

/** The terms of a filter expression, as filters. */
function expressionTerms(expr: unknown): FilterSpec[] {
  if (!Array.isArray(expr)) return [];
  if (typeof expr[0] === 'string' && typeof expr[1] === 'string' && !['AND', 'OR', 'NOT'].includes(expr[0].toUpperCase())) return [toFilter(expr)];
  return expr.flatMap((e) => expressionTerms(e));
}

function splitFilters(filters: unknown): { list: Filter[]; expression?: FilterExpression } {
  if (!filters || (Array.isArray(filters) && filters.length === 0)) return { list: [] };
  const arr = filters as unknown[];
  const isObjList = arr.every((f) => f instanceof Filter || (typeof f === 'object' && f !== null && !Array.isArray(f) && 'operator' in (f as object)));
  if (isObjList) return { list: arr.map((f) => new Filter(toFilter(f as FilterSpec))) };
  return { list: [], expression: arr };
}

export class ResultSet {
  columns: Column[];
  constructor(private readonly search: Search) { this.columns = search.columns; }
  each(callback: (result: Result) => boolean): void {
    account().charge(10, 'ResultSet.each');
    const rows = this.search.results().slice(0, 4000);
    for (const r of rows) if (callback(r) !== true) break;
  }
  getRange(options: { start: number; end: number }): Result[] {
    if (options.end - options.start > 1000) throw nsError('SSS_INVALID_SEARCH_RESULT_INDEX', 'getRange returns at most 1000 results.');
    account().charge(10, 'ResultSet.getRange');
    return this.search.results().slice(options.start, options.end);
  }
}

export class PagedData {
  readonly count: number;
  readonly pageRanges: Array<{ index: number; compoundLabel: string }>;
  constructor(private readonly all: Result[], readonly pageSize: number) {
    this.count = all.length;
    this.pageRanges = [];
    for (let i = 0; i * pageSize < all.length; i++) {
      this.pageRanges.push({ index: i, compoundLabel: `${i * pageSize + 1} - ${Math.min(all.length, (i + 1) * pageSize)}` });
    }
  }
  fetch(options: { index: number } | number): { data: Result[]; isFirst: boolean; isLast: boolean; pageRange: { index: number } } {
    const index = typeof options === 'number' ? options : options.index;
    if (index < 0 || index >= this.pageRanges.length) throw nsError('INVALID_PAGE_RANGE', `Page ${index} is out of range.`);
    account().charge(5, 'PagedData.fetch');
    return {
      data: this.all.slice(index * this.pageSize, (index + 1) * this.pageSize),
      isFirst: index === 0, isLast: index === this.pageRanges.length - 1, pageRange: this.pageRanges[index],
    };
  }
}

export function create(options: { type: string; filters?: unknown[]; columns?: Array<ColumnSpec | string>; title?: string; id?: string }): Search {
  if (!options?.type) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'search.create: Missing a required argument: type');
  const s = new Search(options.type, options.filters, options.columns || [], options.id || null);
  s.title = options.title;
  return s;
}

export function load(options: { id: string; type?: string }): Search {
  const acct = account();
  acct.charge(5, 'search.load');
  const def: SavedSearchDef | undefined = acct.savedSearches.get(String(options.id));
  if (!def) throw nsError('INVALID_SEARCH', `That search or mass update does not exist: ${options.id}`);
  const s = new Search(def.type, def.filterExpression || def.filters, def.columns, def.id);
  s.title = def.title;
  return s;
}

/** lookupFields: text values as strings (dates as the user's text), select values as [{value, text}], checkboxes as booleans. 1 unit. */
export function lookupFields(options: { type: string; id: string | number; columns: string | string[] }): Record<string, unknown> {
  const acct = account();
  acct.charge(1, 'search.lookupFields');
  const cols = ([] as string[]).concat(options.columns);
  const s = create({ type: options.type, filters: [['internalid', 'anyof', String(options.id)]], columns: cols });
  const r = s.results()[0];
  if (!r) return {};
  const out: Record<string, unknown> = {};
  for (const c of cols) {
    const v = r.getValue(c);
    const t = r.getText(c);
    if (t !== null && !r.holdsDate(c)) {
      const ids = v === '' || v === null ? [] : String(v).split(',');
      const texts = (t || '').split(',');
      out[c] = ids.map((id, i) => ({ value: id, text: texts[i] || '' }));
    } else out[c] = v ?? '';
  }
  return out;
}

export { lookupFields as lookup };
