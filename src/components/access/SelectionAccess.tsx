import type { Row } from '../object-table/rows';
import { useAccessChange } from './use-access-change';
import './access.css';

/** "Make public" / "Make private" for the selected objects (folders have no ACL of their own and are skipped). */
export function SelectionAccess({ bucket, rows }: { bucket: string; rows: Row[] }) {
  const change = useAccessChange(bucket);
  const none = !change.keysOf(rows).length;
  return (
    <>
      <button type="button" disabled={none || change.busy} onClick={() => change.ask(rows, true)}>
        Make public
      </button>
      <button type="button" disabled={none || change.busy} onClick={() => change.ask(rows, false)}>
        Make private
      </button>
      {change.view}
    </>
  );
}
