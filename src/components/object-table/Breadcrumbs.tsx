import type { HTMLAttributes } from 'react';
import type { Place } from '../../hooks/use-route';
import { placeToSearch } from '../../hooks/use-route';

/** Splits a prefix into the folders above it: "a/b/" -> ["a/", "a/b/"]. Empty names ("a//") are kept. */
export function prefixAncestors(prefix: string): string[] {
  const ancestors: string[] = [];
  let at = prefix.indexOf('/');
  while (at !== -1) {
    ancestors.push(prefix.slice(0, at + 1));
    at = prefix.indexOf('/', at + 1);
  }
  return ancestors;
}

export function Breadcrumbs({
  bucket,
  prefix,
  navigate,
  crumbProps,
}: {
  bucket: string;
  prefix: string;
  navigate: (place: Place) => void;
  /** More attributes of each folder's crumb: drop handlers (drag a row onto a crumb to move it there). */
  crumbProps?: (place: Place) => HTMLAttributes<HTMLElement>;
}) {
  const crumbs: { label: string; place: Place }[] = [
    { label: 'Buckets', place: { prefix: '' } },
    { label: bucket, place: { bucket, prefix: '' } },
  ];
  let parent = '';
  for (const folder of prefixAncestors(prefix)) {
    const segment = folder.slice(parent.length, -1);
    crumbs.push({ label: segment === '' ? '(empty name)' : segment, place: { bucket, prefix: folder } });
    parent = folder;
  }
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {crumbs.map((crumb, i) => {
          const current = i === crumbs.length - 1;
          return (
            <li key={`${i}:${crumb.place.prefix}`} {...crumbProps?.(crumb.place)}>
              {current ? (
                // The place shown is the page's level-one heading: a screen reader's heading list starts here.
                <h1 aria-current="page">{crumb.label}</h1>
              ) : (
                <a
                  href={placeToSearch(crumb.place) || '?'}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(crumb.place);
                  }}
                >
                  {crumb.label}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
