import { useBucketChangesFromOtherTabs } from '../hooks/bucket-changes';
import { useRelayConfig } from '../hooks/use-relay-config';
import { useRoute } from '../hooks/use-route';
import { SessionProvider, useSession } from '../hooks/use-session';
import { BucketList } from './bucket-list/BucketList';
import { ConnectScreen } from './connect/ConnectScreen';
import { TopBar } from './layout/TopBar';
import { ObjectBrowser } from './object-table/ObjectBrowser';

export function App() {
  const relay = useRelayConfig();
  useBucketChangesFromOtherTabs();
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
  if (!session) return <ConnectScreen />;
  if (!place.bucket) return <BucketList navigate={navigate} />;
  // Keyed by place: a new folder starts with fresh filter and scroll state.
  return (
    <ObjectBrowser
      key={`${place.bucket}\n${place.prefix}`}
      bucket={place.bucket}
      prefix={place.prefix}
      navigate={navigate}
    />
  );
}
