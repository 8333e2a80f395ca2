import { useState, type FormEvent } from 'react';
import { compileSearch, parseSize, type SearchMode, type SearchQuery } from '../../s3/search/matcher';
import { useFolderChange } from '../../hooks/use-folder-change';
import { usePrepareSearch, useStartSearch } from '../../hooks/use-search';
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
  onSearch: (query: SearchQuery) => void;
}) {
  const start = fieldsOf(query);
  const [text, setText] = useState(start.text);
  const [mode, setMode] = useState<SearchMode>(start.mode);
  const [over, setOver] = useState(start.over);
  const [under, setUnder] = useState(start.under);
  const [after, setAfter] = useState(start.after);
  const [before, setBefore] = useState(start.before);
  const [storageClass, setStorageClass] = useState(start.storageClass);
  const [problem, setProblem] = useState<string | null>(null);
  const prepareSearch = usePrepareSearch();
  const startSearch = useStartSearch();
  const filtersSet = !!(over || under || after || before || storageClass);
  // Open when the search came with filters, then as the user leaves it (clearing a field must not close it).
  const [filtersOpen, setFiltersOpen] = useState(filtersSet);
  // The bar stays from folder to folder (made anew, its form's fields cost the opening of a folder more than its
  // rows did), and what was typed for one folder starts afresh in the next.
  useFolderChange(prefix, () => {
    setText(start.text);
    setMode(start.mode);
    setOver(start.over);
    setUnder(start.under);
    setAfter(start.after);
    setBefore(start.before);
    setStorageClass(start.storageClass);
    setProblem(null);
    setFiltersOpen(!!(start.over || start.under || start.after || start.before || start.storageClass));
  });

  // The user is about to search: the results page's code and the search's worker load meanwhile.
  const getReady = () => {
    void loadSearchPage().catch(() => {}); // retried by the lazy component if it failed
    prepareSearch();
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
    if (!text && !filtersSet) return setProblem('Type something to search for, or set a filter.');
    setProblem(null);
    // The listing starts now; the results page, drawn next, takes it over.
    startSearch(next);
    onSearch(next);
  };

  return (
    <form className="search-bar" role="search" aria-label="Search this folder and below" onSubmit={submit}>
      <div className="search-row">
        <input
          type="search"
          aria-label="Search this folder and below"
          placeholder="Search this folder and below"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onFocus={getReady}
        />
        <select aria-label="Search mode" value={mode} onChange={(e) => setMode(e.target.value as SearchMode)}>
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
              onChange={(e) => setOver(e.target.value)}
            />
          </label>
          <label>
            Smaller than
            <input
              value={under}
              placeholder="e.g. 1 GB"
              title={sizes(under)}
              onChange={(e) => setUnder(e.target.value)}
            />
          </label>
          <label>
            Modified after (UTC)
            <input type="date" value={after} onChange={(e) => setAfter(e.target.value)} />
          </label>
          <label>
            Modified before (UTC)
            <input type="date" value={before} onChange={(e) => setBefore(e.target.value)} />
          </label>
          <label>
            Storage class
            <select value={storageClass} onChange={(e) => setStorageClass(e.target.value)}>
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

/** The size a field means, in exact bytes, for its tooltip. */
function sizes(typed: string): string | undefined {
  const bytes = parseSize(typed);
  return bytes === undefined || Number.isNaN(bytes) ? undefined : formatExactBytes(bytes);
}
