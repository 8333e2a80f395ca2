import { useEffect } from 'react';
import { setTableScrolling } from '../s3/table-scrolling';

/** A table tells work that can wait (Load all, a running search) whether the person scrolls it. */
export function useTableScrolling(scrolling: boolean): void {
  useEffect(() => {
    setTableScrolling(scrolling);
    return () => setTableScrolling(false);
  }, [scrolling]);
}
