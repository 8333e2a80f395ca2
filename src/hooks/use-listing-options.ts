import { useSyncExternalStore } from 'react';
import type { S3AppError } from '../s3/errors';

/**
 * The "Unordered listing" option (RGW's allow-unordered), shared by every folder and kept across reloads, and
 * the connections whose server refused it in this tab (their listings fall back to the normal order).
 */
const STORAGE_KEY = 's3fm.unorderedListing';

let requested = readRequested();
const refusals = new Map<string, S3AppError>();
const listeners = new Set<() => void>();
let version = 0;

function readRequested(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

function changed() {
  version++;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = () => version;

export function setUnorderedRequested(connectionId: string, on: boolean): void {
  requested = on;
  // Asking again is how the user retries after a refusal.
  refusals.delete(connectionId);
  try {
    if (on) localStorage.setItem(STORAGE_KEY, '1');
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be disabled: the option then lasts for this page only.
  }
  changed();
}

/** Called by the listing when the server refused the parameter: this connection lists in order from now on. */
export function markUnorderedRefused(connectionId: string, error: S3AppError): void {
  if (refusals.get(connectionId) === error) return;
  refusals.set(connectionId, error);
  changed();
}

export interface UnorderedListingState {
  /** The user asked for it. */
  requested: boolean;
  /** Listings of this connection use it (asked for, and not refused by the server). */
  active: boolean;
  /** Why the server refused it, when it did. */
  refusal?: S3AppError;
}

export function useUnorderedListing(connectionId: string): UnorderedListingState {
  useSyncExternalStore(subscribe, snapshot);
  const refusal = refusals.get(connectionId);
  return { requested, active: requested && !refusal, refusal };
}
