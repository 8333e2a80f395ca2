import { useObjectAcl } from '../../hooks/use-acl';
import { ACCESS_LABEL, grantsSummary } from '../access/access-text';
import '../access/access.css';

/**
 * The "Access" column of one object row. It is mounted only while its row is rendered (the table is virtualized),
 * so only visible rows ask; answers are cached, and requests are queued a few at a time (see useObjectAcl).
 */
export function AccessCell({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const acl = useObjectAcl(bucket, objectKey);
  if (acl.isPending) {
    return (
      <span className="access access-pending" aria-label="Checking access">
        …
      </span>
    );
  }
  if (acl.error) {
    return (
      <span className="access access-unknown" title={acl.error.message}>
        Unknown
      </span>
    );
  }
  const state = acl.data;
  if (!state.supported) {
    return (
      <span className="access access-unknown" title={state.reason}>
        No ACLs
      </span>
    );
  }
  return (
    <span
      className={`access access-${state.access}`}
      title={state.grants.length ? grantsSummary(state.grants) : 'Only the owner'}
    >
      {ACCESS_LABEL[state.access]}
    </span>
  );
}
