import { useQuery } from '@tanstack/react-query';
import { getObjectDetails } from '../s3/object-details';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

export function useObjectDetails(bucket: string, key: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.objectHead(connectionId(session), bucket, key),
    queryFn: ({ signal }) => getObjectDetails(session, bucket, key, signal),
    retry: false,
  });
}
