/** The NetSuite account double: state, governance, runners. Plain modules, no jest. */
export * from './account';
export * from './errors';
export * from './governance';
export * from './schema';
export * from './runners';
export type { SavedSearchDef, ColumnSpec, FilterSpec } from './search-engine';
