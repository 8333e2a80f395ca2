import { useState, type FormEvent } from 'react';
import { compileSearch, parseSize, type SearchMode, type SearchQuery } from '../../s3/search/matcher';
import { useFolderChange } from '../../hooks/use-folder-change';
import type { SetSearch } from '../../hooks/search-route';
import { usePrefetchSearch, usePrepareSearch, useStartSearch } from '../../hooks/use-search';
import { formatExactBytes } from '../ui/format';
import { loadSearchPage } from './load-search-page';

const MODE_LABELS: Record<SearchMode, string> = {
  contains: 'Name contains',
  glob: 'Glob (*.pdf)',
  regex: 'Regular expression',
};

const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
];

/**
 * "Search this folder and below": a pattern, how to read it, and filters (size, last modified, storage class)
 * behind a disclosure. A pattern or filter that cannot work is explained here, before any request.
 */
export function SearchBar({
  prefix,
  query,
  onSearch,
}: {
  prefix: string;
  query: SearchQuery | null;
  onSearch: SetSearch;
}) {
  const start = fieldsOf(query);
  const [fields, setFields] = useState(start);
  const { text, mode, over, under, after, before, storageClass } = fields;
  const setField =
    <Name extends keyof Fields>(name: Name) =>
    (value: Fields[Name]) =>
      setFields((current) => ({ ...current, [name]: value }));
  const [problem, setProblem] = useState<string | null>(null);
  const prepareSearch = usePrepareSearch();
  const startSearch = useStartSearch();
  // Open when the search came with filters, then as the user leaves it (clearing a field must not close it).
  const [filtersOpen, setFiltersOpen] = useState(hasFilters(start));
  // The bar stays from folder to folder (made anew, its form's fields cost the opening of a folder more than its
  // rows did), and what was typed for one folder starts afresh in the next.
  useFolderChange(prefix, () => {
    setFields(start);
    setProblem(null);
    setFiltersOpen(hasFilters(start));
  });

  // In a folder (not on a results page, where a search runs), the results page and the worker load once the
  // browser is idle.
  usePrefetchSearch(query === null, loadSearchPage);
  // The user is about to search: the results page's code and the search's worker load meanwhile, and the
  // search's first requests are signed; in a folder, its first page is fetched (a results page has just listed).
  const getReady = () => {
    void loadSearchPage().catch(() => {}); // retried by the lazy component if it failed
    prepareSearch(query === null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sizes = { over: parseSize(over), under: parseSize(under) };
    for (const [label, value, typed] of [
      ['Larger than', sizes.over, over],
      ['Smaller than', sizes.under, under],
    ] as const) {
      if (Number.isNaN(value))
        return setProblem(
          `${label}: “${typed}” is not a size. Write a number of bytes, or e.g. 10 MB or 1.5 GB.`,
        );
    }
    const next: SearchQuery = {
      text,
      mode,
      ...sizes,
      after: after || undefined,
      before: before || undefined,
      storageClass: storageClass || undefined,
    };
    const compiled = compileSearch(next, prefix);
    if (!compiled.ok) return setProblem(compiled.message);
    if (!text && !hasFilters(fields)) return setProblem('Type something to search for, or set a filter.');
    setProblem(null);
    // The listing starts now; the results page, drawn next, takes it over.
    onSearch(next, startSearch(next));
  };

  return (
    <form className="search-bar" role="search" aria-label="Search this folder and below" onSubmit={submit}>
      <div className="search-row">
        <input
          type="search"
          aria-label="Search this folder and below"
          placeholder="Search this folder and below"
          value={text}
          onChange={(e) => setField('text')(e.target.value)}
          onFocus={getReady}
        />
        <select
          aria-label="Search mode"
          value={mode}
          onChange={(e) => setField('mode')(e.target.value as SearchMode)}
        >
          {Object.entries(MODE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </div>
      <details
        className="search-filters"
        open={filtersOpen}
        onToggle={(e) => setFiltersOpen(e.currentTarget.open)}
      >
        <summary>Filters</summary>
        <div className="search-row">
          <label>
            Larger than
            <input
              value={over}
              placeholder="e.g. 10 MB"
              title={sizes(over)}
              onChange={(e) => setField('over')(e.target.value)}
            />
          </label>
          <label>
            Smaller than
            <input
              value={under}
              placeholder="e.g. 1 GB"
              title={sizes(under)}
              onChange={(e) => setField('under')(e.target.value)}
            />
          </label>
          <label>
            Modified after (UTC)
            <input type="date" value={after} onChange={(e) => setField('after')(e.target.value)} />
          </label>
          <label>
            Modified before (UTC)
            <input type="date" value={before} onChange={(e) => setField('before')(e.target.value)} />
          </label>
          <label>
            Storage class
            <select value={storageClass} onChange={(e) => setField('storageClass')(e.target.value)}>
              <option value="">Any</option>
              {STORAGE_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </div>
      </details>
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

type Fields = ReturnType<typeof fieldsOf>;

/** The fields as a search starts them: empty, or as `query` sets them. */
function fieldsOf(query: SearchQuery | null) {
  return {
    text: query?.text ?? '',
    mode: query?.mode ?? ('contains' as SearchMode),
    over: query?.over === undefined ? '' : String(query.over),
    under: query?.under === undefined ? '' : String(query.under),
    after: query?.after ?? '',
    before: query?.before ?? '',
    storageClass: query?.storageClass ?? '',
  };
}

function hasFilters({ over, under, after, before, storageClass }: Fields): boolean {
  return !!(over || under || after || before || storageClass);
}

/** The size a field means, in exact bytes, for its tooltip. */
function sizes(typed: string): string | undefined {
  const bytes = parseSize(typed);
  return bytes === undefined || Number.isNaN(bytes) ? undefined : formatExactBytes(bytes);
}
