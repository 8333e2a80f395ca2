import { useState } from 'react';
import { usePublicConsent, useSetManyObjectsPublic } from '../../hooks/use-acl';
import type { Row } from '../object-table/rows';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { whoCanReadPublic } from './access-text';

const objects = (n: number) => `${n} object${n === 1 ? '' : 's'}`;

/**
 * Making some rows public or private, after a confirmation: `ask` opens it, `view` is the dialog, the progress
 * and the outcome (with what failed). Folders have no ACL of their own and are skipped.
 */
export function useAccessChange(bucket: string) {
  const setMany = useSetManyObjectsPublic(bucket);
  const consent = usePublicConsent();
  const [asking, setAsking] = useState<{ rows: Row[]; publicRead: boolean } | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const keysOf = (rows: Row[]) => rows.flatMap((row) => (row.kind === 'object' ? [row.entry.key] : []));

  const apply = (keys: string[], publicRead: boolean) => {
    if (publicRead) consent.give();
    setAsking(null);
    setProgress(null);
    setMany.mutate(
      { keys, publicRead, onProgress: (done, total) => setProgress(`${done} of ${total}…`) },
      { onSettled: () => setProgress(null) },
    );
  };

  const result = setMany.data;
  const verb = setMany.variables?.publicRead ? 'public' : 'private';
  const keys = asking ? keysOf(asking.rows) : [];
  const folders = asking ? asking.rows.length - keys.length : 0;
  return {
    ask: (rows: Row[], publicRead: boolean) => setAsking({ rows, publicRead }),
    busy: setMany.isPending,
    keysOf,
    view: (
      <>
        <span role="status" className="selection-access-status">
          {setMany.isPending && `Changing access: ${progress ?? '…'}`}
          {result && !setMany.isPending && (
            <>
              {`Made ${objects(result.done)} ${verb}.`}
              {result.failures.length > 0 && ` ${objects(result.failures.length)} could not be changed.`}
              {result.unsupported && ` ${result.unsupported.reason}`}
            </>
          )}
        </span>
        {result && result.failures.length > 0 && !setMany.isPending && (
          <ErrorNotice
            title={`Not changed: ${result.failures
              .slice(0, 3)
              .map((f) => f.key)
              .join(', ')}${result.failures.length > 3 ? '…' : ''}`}
            error={result.failures[0].error}
          />
        )}
        {setMany.error && <ErrorNotice title="The access was not changed" error={setMany.error} />}
        {asking !== null && (
          <ConfirmDialog
            title={`Make ${objects(keys.length)} ${asking.publicRead ? 'public' : 'private'}?`}
            confirmLabel={asking.publicRead ? 'Make public' : 'Make private'}
            danger={asking.publicRead}
            onCancel={() => setAsking(null)}
            onConfirm={() => apply(keys, asking.publicRead)}
          >
            {asking.publicRead ? (
              <p>{whoCanReadPublic(keys.length)}</p>
            ) : (
              <p>Only you (the owner) will be able to read them.</p>
            )}
            {folders > 0 && (
              <p className="muted">
                {folders} selected folder{folders === 1 ? ' is' : 's are'} skipped: access is set per object.
              </p>
            )}
          </ConfirmDialog>
        )}
      </>
    ),
  };
}
