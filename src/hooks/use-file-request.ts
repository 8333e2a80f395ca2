import { useMutation } from '@tanstack/react-query';
import { createFileRequest, type FileRequestOptions } from '../s3/file-request';
import { useConnectedSession } from './use-session';

/**
 * "Create link" of the Request files dialog: signs a file request for this page's origin and checks the bucket's
 * CORS. A mutation, not a query: each press signs a new link whose expiry counts from then, and nothing is cached.
 */
export function useCreateFileRequest() {
  const session = useConnectedSession();
  return useMutation({
    mutationFn: (options: FileRequestOptions) => createFileRequest(session, options, window.location.origin),
  });
}
