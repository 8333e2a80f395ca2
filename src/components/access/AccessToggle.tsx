import { useId, useState } from 'react';
import { usePublicConsent, useObjectAcl, useSetObjectPublic } from '../../hooks/use-acl';
import type { AclInfo } from '../../s3/acl';
import { fileNameOf } from '../../s3/link-rules';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ACCESS_LABEL, GrantList, whoCanReadPublic } from './access-text';
import './access.css';

/**
 * One object's access and the switch between canned `private` and `public-read`. The switch moves at once
 * (optimistic) and moves back if the server refuses; making something public is confirmed once per session.
 */
export function AccessToggle({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const acl = useObjectAcl(bucket, objectKey);
  const setPublic = useSetObjectPublic(bucket);
  const consent = usePublicConsent();
  const [asking, setAsking] = useState<boolean | null>(null);
  const describedBy = useId();
  const name = fileNameOf(objectKey);
  const state = acl.data;
  const info: AclInfo | null = state?.supported ? state : null;

  const apply = (publicRead: boolean) => {
    if (publicRead) consent.give();
    setAsking(null);
    setPublic.mutate({ key: objectKey, publicRead });
  };
  const onChange = (publicRead: boolean) => {
    if (info?.access === 'custom' || (publicRead && consent.needed())) setAsking(publicRead);
    else apply(publicRead);
  };

  return (
    <div className="access-toggle">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={info?.publicRead ?? false}
          // One change at a time: a second click waits until the server has answered the first.
          disabled={!info || setPublic.isPending}
          // The visible label is just "Public"; the name says which object, for screen readers and tests.
          aria-label={`Public: ${name}`}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span aria-hidden="true">Public</span>
      </label>
      <div id={describedBy} className="access-description">
        {acl.isPending && <span className="muted">Checking who can read it…</span>}
        {info?.access === 'public' && (
          <span className="muted">Anyone with the URL can read it, without signing in.</span>
        )}
        {info?.access === 'private' && (
          <span className="muted">Private: only you, and whoever you give a signed link.</span>
        )}
        {info?.access === 'custom' && (
          <>
            <span className="access access-custom">{ACCESS_LABEL.custom}</span>{' '}
            <span className="muted">
              {info.publicRead
                ? 'Public, with other grants too.'
                : 'Neither public nor private: other grants are set.'}
            </span>
          </>
        )}
        {state && !state.supported && (
          <span className="access-unsupported" role="note">
            {state.reason} <span className="notice-details">({state.code})</span>
          </span>
        )}
      </div>
      {info?.access === 'custom' && (
        <details className="grants">
          <summary>
            {info.grants.length === 1 ? 'Show the grant' : `Show the ${info.grants.length} grants`}
          </summary>
          <GrantList grants={info.grants} />
        </details>
      )}
      {acl.error && (
        <ErrorNotice
          title="Could not read who can access it"
          error={acl.error}
          onRetry={() => acl.refetch()}
        />
      )}
      {setPublic.error && <ErrorNotice title="The access was not changed" error={setPublic.error} />}
      {asking !== null && (
        <ConfirmDialog
          title={asking ? `Make “${name}” public?` : `Make “${name}” private?`}
          confirmLabel={asking ? 'Make public' : 'Make private'}
          danger={asking}
          onCancel={() => setAsking(null)}
          onConfirm={() => apply(asking)}
        >
          {asking && <p>{whoCanReadPublic()}</p>}
          {info?.access === 'custom' && (
            <p>
              Its {info.grants.length} custom grants are replaced by the canned “
              {asking ? 'public-read' : 'private'}” ACL.
            </p>
          )}
          {asking && <p className="muted">You will not be asked again while you stay connected.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
