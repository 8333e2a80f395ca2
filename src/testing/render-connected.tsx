import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { SessionProvider } from '../hooks/use-session';
import { storeSession } from '../s3/profile-store';
import { S3Session } from '../s3/session';

/**
 * Renders a hook the way the app does, inside a live connection (restored by the real SessionProvider from this
 * tab's storage), with the session's SDK door answered by `answer` instead of a server. The connection goes
 * through the relay, so every request takes that one door (the direct route's presigned fetches are not used).
 * Resolves once the connection is restored and the hook has rendered.
 */
export async function renderConnected<T>(
  hook: () => T,
  answer: (command: { input: object }) => Promise<unknown>,
) {
  const send = vi
    .spyOn(S3Session.prototype, 'send')
    .mockImplementation((command) => answer(command as { input: object }) as never);
  storeSession({
    profile: {
      id: 'test',
      label: 'test',
      endpoint: 'http://s3.test',
      region: 'us-east-1',
      pathStyle: true,
      transport: 'relay',
    },
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <SessionProvider relay={null}>{children}</SessionProvider>
    </QueryClientProvider>
  );
  const rendered = renderHook(hook, { wrapper });
  await waitFor(() => {
    if (rendered.result.current == null) throw new Error('the connection is not restored yet');
  });
  return { ...rendered, send, queryClient };
}

/** A bucket of `count` keys (k0000, k0001, ...) as ListObjectsV2 pages it, the token being the next index. */
export function listingOf(count: number) {
  const keys = Array.from({ length: count }, (_, i) => `k${String(i).padStart(4, '0')}`);
  return (input: ListObjectsV2CommandInput) => {
    const start = Number(input.ContinuationToken ?? 0);
    const end = Math.min(keys.length, start + (input.MaxKeys ?? 1000));
    return {
      $metadata: {},
      Contents: keys.slice(start, end).map((Key) => ({ Key, Size: 1 })),
      CommonPrefixes: [],
      IsTruncated: end < keys.length,
      NextContinuationToken: end < keys.length ? String(end) : undefined,
    };
  };
}
