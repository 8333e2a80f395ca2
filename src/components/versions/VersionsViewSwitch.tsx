import { useEffect } from 'react';
import { useBucketVersioning } from '../../hooks/use-versioning';
import { loadVersionsPanel } from './load-versions-panel';
import type { VersionsView } from './VersionsPanel';

/**
 * The table's "Show" choice in a bucket that keeps versions (on, or suspended with versions kept): the latest
 * objects, every version, the deleted files, or the folder as of a date. Not shown where versioning was never on.
 */
export function VersionsViewSwitch({
  bucket,
  view,
  onChange,
}: {
  bucket: string;
  view: VersionsView | null;
  onChange: (view: VersionsView | null) => void;
}) {
  const versioning = useBucketVersioning(bucket);
  const keepsVersions = versioning.data === 'Enabled' || versioning.data === 'Suspended';
  useEffect(() => {
    if (keepsVersions) void loadVersionsPanel().catch(() => {}); // retried by the lazy panel if it failed
  }, [keepsVersions]);
  if (!keepsVersions && !view) return null;
  return (
    <label className="field-inline versions-switch">
      Show
      <select
        value={view ?? 'latest'}
        onChange={(e) => onChange(e.target.value === 'latest' ? null : (e.target.value as VersionsView))}
      >
        <option value="latest">Latest objects</option>
        <option value="versions">Every version</option>
        <option value="deleted">Deleted files</option>
        <option value="as-of">As of a date…</option>
      </select>
    </label>
  );
}
