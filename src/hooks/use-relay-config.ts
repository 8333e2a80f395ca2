import { useQuery } from '@tanstack/react-query';
import { fetchRelayConfig } from '../s3/relay';
import { appKeys } from './query-keys';

/** The serving origin's relay (and sandbox profile), fetched once; null on a static host. */
export function useRelayConfig() {
  return useQuery({ queryKey: appKeys.relayConfig, queryFn: () => fetchRelayConfig(), staleTime: Infinity });
}
