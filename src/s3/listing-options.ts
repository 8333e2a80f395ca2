import type { S3AppError } from './errors';

/** Kept across reloads: the user's choice, not the connection's. */
const STORAGE_KEY = 's3fm.unorderedListing';

export interface UnorderedListingState {
  /** The user asked for it. */
  requested: boolean;
  /** Listings use it (asked for, and not refused by the server). */
  active: boolean;
  /** Why the server refused it, when it did. */
  refusal?: S3AppError;
}

/**
 * The "Unordered listing" option (RGW's allow-unordered) of one connection, shared by every folder: asked for
 * by the user, and turned off for this connection when its server refuses it.
 */
export class UnorderedListingOption {
  private state: UnorderedListingState;
  private readonly listeners = new Set<() => void>();

  constructor() {
    const requested = readRequested();
    this.state = { requested, active: requested };
  }

  /** For useSyncExternalStore: the same object until something changed. */
  getSnapshot = (): UnorderedListingState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Asking again is also how the user retries after a refusal. */
  setRequested(on: boolean): void {
    try {
      if (on) localStorage.setItem(STORAGE_KEY, '1');
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage may be disabled: the option then lasts for this page only.
    }
    this.set({ requested: on, active: on });
  }

  /** The server refused the parameter: this connection lists in order from now on. */
  markRefused(error: S3AppError): void {
    if (this.state.refusal === error) return;
    this.set({ requested: this.state.requested, active: false, refusal: error });
  }

  private set(state: UnorderedListingState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function readRequested(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}
