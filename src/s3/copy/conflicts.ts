import { commonFolder } from '../key-folders';
import { objectExists } from '../object-details';
import { findExistingKeys } from '../upload/existing-keys';
import type { TransferItem, TransferSide } from './job-plan';
import { firstFreeKey } from './keep-both';
import { checkDestinationKey } from './keys';

export type ConflictDecision = 'overwrite' | 'skip' | 'keep-both';

export interface ConflictQuestion {
  sourceKey: string;
  destinationKey: string;
  /** Conflicts after this one: the "apply to all" choice covers them. */
  remaining: number;
}

export interface ConflictAnswer {
  decision: ConflictDecision;
  /** Use the same decision for every later conflict of this job, without asking. */
  applyToAll?: boolean;
}

/** Asks the person (a dialog), or answers by policy: `() => ({ decision: 'skip', applyToAll: true })`. */
export type OnConflict = (question: ConflictQuestion) => ConflictAnswer | Promise<ConflictAnswer>;

/**
 * Finds the items whose destination already exists and settles each: overwrite (kept as planned), skip, or keep
 * both (the first free `name (n).ext`, free among existing keys and this job's other destinations).
 * `onAsking` tells when the job waits for a person.
 */
export async function settleConflicts(
  items: TransferItem[],
  to: TransferSide,
  onConflict: OnConflict,
  options: {
    signal?: AbortSignal;
    onAsking?: (asking: boolean) => void;
    /** Which destinations exist, looked up already (every pending item's destination among them). */
    existing?: Promise<Set<string>>;
  } = {},
): Promise<void> {
  const { signal } = options;
  const open = items.filter((item) => item.state === 'pending');
  const destinations = open.map((item) => item.destinationKey);
  // Looked up under the folder the keys share, not below the bucket's root: a folder moved into `dest/` is
  // checked by listing `dest/folder/`, not everything else `dest/` holds (which can be far more than the job).
  const existing = await (options.existing ??
    findExistingKeys(to.session, to.bucket, destinations, { signal, prefix: commonFolder(destinations) }));
  const planned = new Set(items.map((item) => item.destinationKey));
  const conflicts = open.filter((item) => existing.has(item.destinationKey));
  let forAll: ConflictDecision | undefined;

  for (const [index, item] of conflicts.entries()) {
    signal?.throwIfAborted();
    let decision = forAll;
    if (!decision) {
      options.onAsking?.(true);
      const question = {
        sourceKey: item.sourceKey,
        destinationKey: item.destinationKey,
        remaining: conflicts.length - index - 1,
      };
      const answer = await unlessAborted(Promise.resolve(onConflict(question)), signal);
      options.onAsking?.(false);
      decision = answer.decision;
      if (answer.applyToAll) forAll = decision;
    }
    if (decision === 'skip') item.state = 'skipped';
    if (decision === 'keep-both') {
      const key = await firstFreeKey(
        item.destinationKey,
        async (candidate) =>
          planned.has(candidate) ||
          existing.has(candidate) ||
          (await objectExists(to.session, to.bucket, candidate)),
      );
      planned.add(key);
      item.destinationKey = key;
      try {
        checkDestinationKey(key, item.sourceKey);
      } catch (error) {
        Object.assign(item, { state: 'failed', failedAt: 'copy', error });
      }
    }
  }
}

/** A cancel must not wait for a dialog nobody will answer. */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
