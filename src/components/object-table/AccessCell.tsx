import { useEffect, useState } from 'react';
import { useObjectAcl } from '../../hooks/use-acl';
import { ACCESS_LABEL, grantsSummary } from '../access/access-text';
import '../access/access.css';

/**
 * A row must stay on screen this long before its cell asks the server: rows flicked past while scrolling through
 * thousands cost no request and no work.
 */
const ASK_AFTER_MS = 250;

/**
 * The "Access" column of one object row. It is mounted only while its row is rendered (the table is virtualized),
 * so only visible rows ask; answers are cached, and requests are queued a few at a time (see useObjectAcl).
 * `paused` (while "Load all" runs) keeps the listing's pages ahead of these requests on the server and the wire.
 */
export function AccessCell({
  bucket,
  objectKey,
  paused = false,
}: {
  bucket: string;
  objectKey: string;
  paused?: boolean;
}) {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), ASK_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  if (paused || !settled) return <Checking />;
  return <AccessState bucket={bucket} objectKey={objectKey} />;
}

function Checking() {
  return (
    <span className="access access-pending" aria-label="Checking access">
      …
    </span>
  );
}

function AccessState({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const acl = useObjectAcl(bucket, objectKey);
  if (acl.isPending) return <Checking />;
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
