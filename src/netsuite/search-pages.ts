/** Reading every page of a search. */
import * as search from 'N/search';

/** Every result of a search, a page of 1,000 at a time (5 units to run, 5 a page). */
export function eachResult(s: search.Search, fn: (r: search.Result) => void): void {
  const paged = s.runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) for (const r of paged.fetch({ index: range.index }).data) fn(r);
}
