import { useCallback, useMemo, useRef, useState } from 'react';
import type { Row } from './rows';

export const rowId = (row: Row) => (row.kind === 'folder' ? `f:${row.prefix}` : `o:${row.entry.key}`);

/**
 * Which rows are checked. Ids survive re-sorting and filtering; shift-click selects the range from the last
 * clicked row in the current order, as file managers do.
 */
export function useSelection(rows: Row[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<number | null>(null);

  const toggle = useCallback(
    (index: number, range: boolean) => {
      const id = rowId(rows[index]);
      // Read the anchor now: state updaters run later (and twice in StrictMode), after it has moved.
      const from = range && anchor.current !== null ? Math.min(anchor.current, index) : null;
      const to = Math.max(anchor.current ?? index, index);
      setSelected((current) => {
        const next = new Set(current);
        if (from !== null) {
          for (let i = from; i <= to; i++) next.add(rowId(rows[i]));
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      anchor.current = index;
    },
    [rows],
  );

  const selectAll = useCallback(() => setSelected(new Set(rows.map(rowId))), [rows]);
  const clear = useCallback(() => {
    setSelected(new Set());
    anchor.current = null;
  }, []);

  // Nothing selected is the common case while a big listing grows: no pass over every row then.
  const selectedRows = useMemo(
    () => (selected.size ? rows.filter((row) => selected.has(rowId(row))) : []),
    [rows, selected],
  );
  return { selected, selectedRows, toggle, selectAll, clear };
}
