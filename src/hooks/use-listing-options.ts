import { useSyncExternalStore } from 'react';
import type { UnorderedListingOption, UnorderedListingState } from '../s3/listing-options';
import { useConnectionServices } from './use-session';

/** The connection's "Unordered listing" option: its state, and the option itself to change it. */
export function useUnorderedListing(): UnorderedListingState & { option: UnorderedListingOption } {
  const option = useConnectionServices().unorderedListing;
  return { ...useSyncExternalStore(option.subscribe, option.getSnapshot), option };
}
