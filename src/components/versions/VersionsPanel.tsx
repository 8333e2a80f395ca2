import { useMemo, useState } from 'react';
import type { Place } from '../../hooks/use-route';
import {
  useEveryPage,
  useFolderAsOf,
  useLoadAllVersions,
  useObjectVersions,
  useUndelete,
  useVersionsBelow,
} from '../../hooks/use-versions';
import type { VersionRecord } from '../../s3/versions/version-xml';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatExactBytes, nameUnder } from '../ui/format';
import { Icon } from '../ui/Icon';
import { RestoreFolderDialog } from './RestoreFolderDialog';
import { UndeleteButton } from './UndeleteButton';
import {
  allVersions,
  deletedKeys,
  fromLocalInput,
  toLocalInput,
  versionRows,
  type VersionRow,
} from './version-rows';
import { formatVersionTime, versionSize } from './version-text';
import { VersionsTable, type VersionsColumn } from './VersionsTable';
import './versions.css';

/** What the object table shows instead of the latest objects. */
export type VersionsView = 'versions' | 'deleted' | 'as-of';

interface PanelProps {
  bucket: string;
  prefix: string;
  navigate: (place: Place) => void;
  /** Opens a key's details, where its history is. */
  onOpenHistory: (key: string) => void;
}

/** The versions views of a folder: every version, the deleted keys below it, or the folder as of a date. */
export function VersionsPanel({ view, ...props }: PanelProps & { view: VersionsView }) {
  if (view === 'deleted') return <DeletedView {...props} />;
  if (view === 'as-of') return <AsOfView {...props} />;
  return <AllVersionsView {...props} />;
}

function nameColumn(props: PanelProps): VersionsColumn<VersionRow> {
  const { bucket, prefix, navigate, onOpenHistory } = props;
  return {
    header: 'Name',
    className: 'col-name',
    cell: (row) =>
      row.kind === 'folder' ? (
        <button
          type="button"
          className="entry-button"
          onClick={() => navigate({ bucket, prefix: row.prefix })}
        >
          <Icon name="folder" />
          <span className="name-text">{nameUnder(prefix, row.prefix)}</span>
        </button>
      ) : (
        <button
          type="button"
          className="entry-button"
          title={row.version.key}
          onClick={() => onOpenHistory(row.version.key)}
        >
          <Icon name="file" />
          <span className="name-text">{nameUnder(prefix, row.version.key)}</span>
        </button>
      ),
  };
}

const versionColumns: VersionsColumn<VersionRow>[] = [
  {
    header: 'Version id',
    className: 'col-version',
    cell: (row) => (row.kind === 'version' ? <code>{row.version.versionId}</code> : null),
  },
  {
    header: 'Size',
    className: 'col-size',
    cell: (row) =>
      row.kind === 'version' ? (
        <span title={row.version.deleteMarker ? undefined : formatExactBytes(row.version.size)}>
          {versionSize(row.version)}
        </span>
      ) : (
        '—'
      ),
  },
  {
    header: 'Last modified',
    className: 'col-date',
    cell: (row) =>
      row.kind === 'version' ? (
        <time dateTime={row.version.lastModified.toISOString()}>
          {formatVersionTime(row.version.lastModified)}
        </time>
      ) : (
        '—'
      ),
  },
];

const rowKey = (row: VersionRow) =>
  row.kind === 'folder' ? `/${row.prefix}` : `${row.version.key}\n${row.version.versionId}`;

/** "Show versions": every version and delete marker of the folder, paged like the listing, the latest marked. */
function AllVersionsView(props: PanelProps) {
  const { bucket, prefix } = props;
  const versions = useObjectVersions(bucket, prefix);
  const loadAll = useLoadAllVersions(bucket, prefix, versions);
  const pages = versions.data?.pages;
  const rows = useMemo(() => versionRows(pages ?? []), [pages]);
  const columns: VersionsColumn<VersionRow>[] = [
    nameColumn(props),
    ...versionColumns,
    {
      header: 'Latest',
      className: 'col-latest',
      cell: (row) =>
        row.kind === 'version' && row.version.isLatest ? <span className="version-badge">Latest</span> : null,
    },
    {
      header: <span className="visually-hidden">Actions</span>,
      className: 'col-actions',
      cell: (row) =>
        row.kind === 'version' ? (
          <HistoryButton versionKey={row.version.key} onOpen={props.onOpenHistory} />
        ) : null,
    },
  ];
  return (
    <section className="versions-view" aria-label="Versions">
      <div className="versions-bar">
        <span role="status">
          {pages &&
            (versions.hasNextPage
              ? `${rows.length} versions and folders loaded, more to come…`
              : `${rows.length} versions and folders`)}
        </span>
        {versions.hasNextPage && (
          <button type="button" onClick={loadAll.loadingAll ? loadAll.stop : loadAll.start}>
            {loadAll.loadingAll ? 'Stop loading' : 'Load all'}
          </button>
        )}
      </div>
      {versions.isPending && <p className="muted">Loading versions…</p>}
      {versions.error && (
        <ErrorNotice
          title="Could not list the versions"
          error={versions.error}
          onRetry={() => versions.refetch()}
        />
      )}
      {pages && (
        <VersionsTable
          label="Versions of this folder"
          rows={rows}
          rowKey={rowKey}
          columns={columns}
          hasMore={versions.hasNextPage}
          loadMore={() => {
            if (!loadAll.loadingAll && !versions.isFetchingNextPage && !versions.isError)
              void versions.fetchNextPage();
          }}
          empty="No versions in this folder."
        />
      )}
    </section>
  );
}

/** Opens a key's history (its details panel); a plain component, so a row's menu can offer it too. */
export function HistoryButton({ versionKey, onOpen }: { versionKey: string; onOpen: (key: string) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen(versionKey)}>
      History…
    </button>
  );
}

/** "Show deleted": the keys in the folder and below whose latest entry is a delete marker, with Undelete. */
function DeletedView(props: PanelProps) {
  const { bucket, prefix } = props;
  const below = useVersionsBelow(bucket, prefix);
  useEveryPage(below);
  const pages = below.data?.pages;
  const deleted = useMemo(() => deletedKeys(allVersions(pages ?? [])), [pages]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const undelete = useUndelete(bucket);
  const toggle = (key: string) =>
    setSelected((now) => {
      const next = new Set(now);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const chosen = deleted.filter((v) => selected.has(v.key)).map((v) => v.key);
  const columns: VersionsColumn<VersionRecord>[] = [
    {
      header: <span className="visually-hidden">Select</span>,
      className: 'col-check',
      cell: (v) => (
        <input
          type="checkbox"
          aria-label={`Select ${nameUnder(prefix, v.key)}`}
          checked={selected.has(v.key)}
          onChange={() => toggle(v.key)}
        />
      ),
    },
    {
      header: 'Name',
      className: 'col-name',
      cell: (v) => (
        <button
          type="button"
          className="entry-button"
          title={v.key}
          onClick={() => props.onOpenHistory(v.key)}
        >
          <Icon name="file" />
          <span className="name-text">{nameUnder(prefix, v.key)}</span>
        </button>
      ),
    },
    {
      header: 'Deleted',
      className: 'col-date',
      cell: (v) => <time dateTime={v.lastModified.toISOString()}>{formatVersionTime(v.lastModified)}</time>,
    },
    {
      header: <span className="visually-hidden">Actions</span>,
      className: 'col-actions',
      cell: (v) => (
        <span className="row-actions">
          <UndeleteButton
            undelete={undelete}
            keys={[v.key]}
            label="Undelete"
            ariaLabel={`Undelete ${nameUnder(prefix, v.key)}`}
          />
          <HistoryButton versionKey={v.key} onOpen={props.onOpenHistory} />
        </span>
      ),
    },
  ];
  const complete = !!pages && !below.hasNextPage;
  return (
    <section className="versions-view" aria-label="Deleted files">
      <div className="versions-bar">
        <span role="status">
          {pages &&
            (complete
              ? `${deleted.length} deleted ${deleted.length === 1 ? 'file' : 'files'} in this folder and below`
              : `${deleted.length} deleted files found so far, still looking…`)}
        </span>
        {chosen.length > 0 && (
          <UndeleteButton
            undelete={undelete}
            keys={chosen}
            label={`Undelete selected (${chosen.length})`}
            onStarted={() => setSelected(new Set())}
          />
        )}
        {complete && deleted.length > 0 && (
          <UndeleteButton
            undelete={undelete}
            keys={deleted.map((v) => v.key)}
            label={`Undelete all ${deleted.length}`}
          />
        )}
      </div>
      {below.isPending && <p className="muted">Looking for deleted files…</p>}
      {below.error && (
        <ErrorNotice
          title="Could not list the versions"
          error={below.error}
          onRetry={() => below.refetch()}
        />
      )}
      {pages && (
        <VersionsTable
          label="Deleted files"
          rows={deleted}
          rowKey={(v) => v.key}
          columns={columns}
          hasMore={false}
          loadMore={() => undefined}
          empty={
            complete
              ? 'Nothing deleted here: no key below this folder has a delete marker on top.'
              : 'Looking…'
          }
        />
      )}
    </section>
  );
}

/** The folder as it was at a chosen moment: for each key, the version current then; and a restore to it. */
function AsOfView(props: PanelProps) {
  const { bucket, prefix } = props;
  const [input, setInput] = useState(() => toLocalInput(new Date(Date.now() - 60 * 60_000)));
  const time = fromLocalInput(input);
  const [restoring, setRestoring] = useState<Date | null>(null);
  const { versions, asOf } = useFolderAsOf(bucket, prefix, time?.getTime());
  const pages = versions.data?.pages;
  const complete = !!asOf;
  const rows = useMemo(
    (): VersionRow[] =>
      asOf
        ? [
            ...asOf.folders.map((folder) => ({ kind: 'folder' as const, prefix: folder })),
            ...asOf.versions.map((version) => ({ kind: 'version' as const, version })),
          ]
        : [],
    [asOf],
  );
  const columns: VersionsColumn<VersionRow>[] = [
    nameColumn(props),
    ...versionColumns,
    {
      header: 'Now',
      className: 'col-latest',
      cell: (row) =>
        row.kind === 'version' ? (
          row.version.isLatest ? (
            <span className="version-badge">Latest</span>
          ) : (
            <span className="muted">Older</span>
          )
        ) : null,
    },
  ];
  return (
    <section className="versions-view" aria-label="Folder as of a date">
      <div className="versions-bar">
        <label className="field-inline">
          Date and time
          <input type="datetime-local" step={1} value={input} onChange={(e) => setInput(e.target.value)} />
        </label>
        <span role="status">
          {!time
            ? 'Pick a date and time.'
            : complete
              ? `${rows.length} items as of ${formatVersionTime(time)}`
              : 'Reading the versions…'}
        </span>
        <button type="button" className="primary" disabled={!time} onClick={() => time && setRestoring(time)}>
          Restore folder to this time…
        </button>
      </div>
      {versions.error && (
        <ErrorNotice
          title="Could not list the versions"
          error={versions.error}
          onRetry={() => versions.refetch()}
        />
      )}
      {pages && time && (
        <VersionsTable
          label="This folder as of the chosen time"
          rows={rows}
          rowKey={rowKey}
          columns={columns}
          hasMore={false}
          loadMore={() => undefined}
          empty={complete ? 'Nothing was in this folder at that time.' : 'Reading the versions…'}
        />
      )}
      {restoring && (
        <RestoreFolderDialog
          bucket={bucket}
          prefix={prefix}
          time={restoring}
          onClose={() => setRestoring(null)}
        />
      )}
    </section>
  );
}
