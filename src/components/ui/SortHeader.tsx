export type SortDirection = 'asc' | 'desc';
export interface SortState<C extends string> {
  column: C;
  direction: SortDirection;
}

/** A column header that sorts when clicked, announcing its state through aria-sort. */
export function SortHeader<C extends string>({
  column,
  label,
  sort,
  onSort,
  className,
}: {
  column: C;
  label: string;
  sort: SortState<C>;
  onSort: (next: SortState<C>) => void;
  className?: string;
}) {
  const active = sort.column === column;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort({ column, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' })}
      >
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
