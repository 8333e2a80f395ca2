import { useId, useState } from 'react';
import { useBucketAcl, useSetBucketPublic } from '../../hooks/use-acl';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { GrantList } from './access-text';
import './access.css';

/**
 * The bucket's own ACL. Public READ on a bucket lets anyone list its keys; it does not make the objects readable,
 * and the wording says so, because the two are easily confused.
 */
export function BucketAccessControl({ bucket }: { bucket: string }) {
  const acl = useBucketAcl(bucket);
  const setPublic = useSetBucketPublic(bucket);
  const [asking, setAsking] = useState<boolean | null>(null);
  const describedBy = useId();
  const state = acl.data;
  const info = state?.supported ? state : null;

  const apply = (publicRead: boolean) => {
    setAsking(null);
    setPublic.mutate(publicRead);
  };

  return (
    <div className="bucket-access">
      <label className="switch" title={state && !state.supported ? state.reason : undefined}>
        <input
          type="checkbox"
          role="switch"
          checked={info?.publicRead ?? false}
          disabled={!info}
          aria-label={`Public listing: bucket ${bucket}`}
          aria-describedby={describedBy}
          // Every change to a bucket's ACL is confirmed: it affects every key in it.
          onChange={(e) => setAsking(e.target.checked)}
        />
        <span aria-hidden="true">Public listing</span>
      </label>
      <span id={describedBy} className="muted bucket-access-text">
        {acl.isPending && 'Checking…'}
        {info?.access === 'private' && 'Only you can list this bucket.'}
        {info?.access === 'public' && 'Anyone can list the names in this bucket.'}
        {info?.access === 'custom' && 'Custom bucket ACL.'}
        {state && !state.supported && <span role="note">Bucket ACLs are not supported here.</span>}
        {/* A failed re-read keeps what was read before: unknown only when nothing is. */}
        {acl.error && !state && 'Bucket access unknown.'}
      </span>
      {setPublic.error && <ErrorNotice title="The bucket’s access was not changed" error={setPublic.error} />}
      {asking !== null && (
        <ConfirmDialog
          title={asking ? `Let anyone list “${bucket}”?` : `Stop public listing of “${bucket}”?`}
          confirmLabel={asking ? 'Make listing public' : 'Make listing private'}
          danger={asking}
          onCancel={() => setAsking(null)}
          onConfirm={() => apply(asking)}
        >
          {asking ? (
            <>
              <p>
                Anyone, without signing in, will be able to list the names, sizes and dates of every object in
                this bucket.
              </p>
              <p>
                This does not make the objects themselves readable: each stays private unless it is made
                public on its own.
              </p>
            </>
          ) : (
            <p>Only you (and users you granted access to) will be able to list this bucket.</p>
          )}
          {info?.access === 'custom' && (
            <>
              <p>These custom grants are replaced:</p>
              <GrantList grants={info.grants} />
            </>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
