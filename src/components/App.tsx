import { Suspense, useEffect } from 'react';
import { useBucketChangesFromOtherTabs } from '../hooks/bucket-changes';
import { useRelayConfig } from '../hooks/use-relay-config';
import { useRoute } from '../hooks/use-route';
import { useSearchRoute } from '../hooks/search-route';
import { SessionProvider, useSession } from '../hooks/use-session';
import { ConnectScreen } from './connect/ConnectScreen';
import { TopBar } from './layout/TopBar';
import { SearchPage } from './search/load-search-page';
import { lazyNamed } from './ui/lazy';

// The object browser (table, uploads, access controls) is a chunk of its own: the connect screen, what a first
// visit shows, does not need it. It is fetched as soon as a connection exists, so opening a bucket does not wait.
const loadObjectBrowser = () => import('./object-table/ObjectBrowser');
const ObjectBrowser = lazyNamed(loadObjectBrowser, 'ObjectBrowser');
const BucketList = lazyNamed(() => import('./bucket-list/BucketList'), 'BucketList');

export function App() {
  const relay = useRelayConfig();
  useBucketChangesFromOtherTabs();
  useEffect(() => {
    // A link to a bucket (or a reload inside one): fetch the browser while the relay config loads.
    if (new URLSearchParams(window.location.search).has('bucket')) void loadObjectBrowser().catch(() => {});
  }, []);
  // The relay config decides how a restored session travels, so wait for it (it is one local request).
  if (relay.isPending) return null;
  return (
    <SessionProvider relay={relay.data ?? null}>
      <TopBar />
      <Screens />
    </SessionProvider>
  );
}

function Screens() {
  const { session } = useSession();
  const [place, navigate] = useRoute();
  const [search] = useSearchRoute();
  useEffect(() => {
    if (session) void loadObjectBrowser().catch(() => {}); // retried by the lazy component if it failed
  }, [session]);
  if (!session) return <ConnectScreen />;
  if (!place.bucket)
    return (
      <Suspense fallback={null}>
        <BucketList navigate={navigate} />
      </Suspense>
    );
  if (search)
    return (
      <Suspense fallback={null}>
        <SearchPage
          key={`${place.bucket}\n${place.prefix}\n${JSON.stringify(search)}`}
          bucket={place.bucket}
          prefix={place.prefix}
          query={search}
          navigate={navigate}
        />
      </Suspense>
    );
  // Keyed by bucket: from folder to folder the browser stays, and starts each folder afresh itself.
  return (
    <Suspense fallback={null}>
      <ObjectBrowser key={place.bucket} bucket={place.bucket} prefix={place.prefix} navigate={navigate} />
    </Suspense>
  );
}
