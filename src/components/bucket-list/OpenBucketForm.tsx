import { useState, type FormEvent } from 'react';
import { useCheckBucket } from '../../hooks/use-buckets';
import type { Place } from '../../hooks/use-route';
import { useOpenedBuckets } from '../../hooks/use-saved-profiles';
import { connectionId, useConnectedSession } from '../../hooks/use-session';
import { CorsDoctor } from '../cors-doctor/CorsDoctor';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Opens a bucket by name: the way in when ListBuckets is refused, or for a bucket someone else shared. */
export function OpenBucketForm({ navigate }: { navigate: (place: Place) => void }) {
  const session = useConnectedSession();
  const id = connectionId(session);
  const check = useCheckBucket();
  const [name, setName] = useState('');
  const { opened, remember } = useOpenedBuckets(id);

  const open = (bucket: string) =>
    check.mutate(bucket, {
      onSuccess: () => {
        remember(bucket);
        navigate({ bucket, prefix: '' });
      },
    });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const bucket = name.trim();
    if (bucket) open(bucket);
  };

  return (
    <section className="card open-bucket" aria-labelledby="open-bucket-title">
      <h2 id="open-bucket-title">Open a bucket by name</h2>
      <form onSubmit={onSubmit} className="inline-form">
        <label>
          Bucket name
          <input value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} required />
        </label>
        <button type="submit" disabled={check.isPending || !name.trim()}>
          Open bucket
        </button>
      </form>
      {check.error && <ErrorNotice title="Could not open the bucket" error={check.error} />}
      {check.error && check.variables && <CorsDoctor bucket={check.variables} error={check.error} />}
      {opened.length > 0 && (
        <p className="recent">
          Opened before:{' '}
          {opened.map((bucket) => (
            <button key={bucket} type="button" className="link-button" onClick={() => open(bucket)}>
              {bucket}
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
