import { useCallback, useEffect, useRef, useState } from 'react';
import type { Collected } from '../lib/collect-files';
import type { Conflict, Decision, PlannedUpload } from '../s3/upload/drop-plan';
import { useConnectedSession } from './use-session';
import { usePrefetchUploadEngine, useUploadQueue } from './use-uploads';

type DropChecks = typeof import('../s3/upload/drop-checks');
let loadedChecks: DropChecks | undefined;
const loadDropChecks = async (): Promise<DropChecks> =>
  (loadedChecks ??= await import('../s3/upload/drop-checks'));

/** Where a drop or a pick stands before its files are queued; each step but `idle` is a question or a notice. */
export type UploadStep =
  | { kind: 'idle' }
  | { kind: 'problems'; collected: Collected }
  | { kind: 'many'; items: PlannedUpload[]; limit: number }
  | { kind: 'checking'; count: number }
  | { kind: 'check-failed'; error: unknown }
  | {
      kind: 'conflicts';
      items: PlannedUpload[];
      existing: Set<string>;
      conflicts: Conflict[];
      index: number;
      decisions: Map<string, Decision>;
    };

export interface UploadFlow {
  step: UploadStep;
  /** These files were dropped or picked. */
  start: (collected: Collected) => void;
  /** Upload the readable files of a drop with unreadable entries. */
  skipProblems: () => void;
  /** Upload a drop of more than MANY_FILES files after all. */
  confirmMany: () => void;
  /** The answer to the current conflict, for it alone or for every remaining one. */
  answer: (decision: Decision, applyToAll: boolean) => void;
  /** Drops the flow (nothing is queued). */
  cancel: () => void;
}

/**
 * From "these files were dropped or picked" to "they are queued": unreadable entries are reported, a huge drop is
 * confirmed, keys already on the server (or twice in the drop) are asked about one by one or for all at once.
 * The views draw `step`; the queue itself outlives them.
 */
export function useUploadFlow(bucket: string, prefix: string): UploadFlow {
  const session = useConnectedSession();
  const queue = useUploadQueue();
  const [step, setStep] = useState<UploadStep>({ kind: 'idle' });
  const checkRef = useRef<AbortController | null>(null);
  usePrefetchUploadEngine(loadDropChecks);

  useEffect(() => () => checkRef.current?.abort(), []);

  const enqueue = useCallback(
    (items: PlannedUpload[]) => {
      setStep({ kind: 'idle' });
      if (items.length) {
        queue.add(
          bucket,
          items.map(({ key, body, contentType }) => ({ key, body, contentType })),
        );
      }
    },
    [queue, bucket],
  );

  const check = useCallback(
    async (items: PlannedUpload[]) => {
      checkRef.current?.abort();
      const controller = new AbortController();
      checkRef.current = controller;
      setStep({ kind: 'checking', count: items.length });
      try {
        const { findExistingKeys, findConflicts, applyDecisions } = await loadDropChecks();
        const keys = [...new Set(items.map((item) => item.key))];
        const existing = await findExistingKeys(session, bucket, keys, { prefix, signal: controller.signal });
        if (controller.signal.aborted) return;
        const conflicts = findConflicts(items, existing);
        if (conflicts.length === 0) return enqueue(applyDecisions(items, existing, new Map()));
        setStep({ kind: 'conflicts', items, existing, conflicts, index: 0, decisions: new Map() });
      } catch (error) {
        if (!controller.signal.aborted) setStep({ kind: 'check-failed', error });
      }
    },
    [session, bucket, prefix, enqueue],
  );

  const proceed = useCallback(
    async (collected: Collected) => {
      let checks: DropChecks;
      try {
        checks = await loadDropChecks();
      } catch (error) {
        return setStep({ kind: 'check-failed', error });
      }
      const items = checks.planKeys(prefix, collected);
      if (items.length > checks.MANY_FILES) setStep({ kind: 'many', items, limit: checks.MANY_FILES });
      else if (items.length > 0) void check(items);
      else setStep({ kind: 'idle' });
    },
    [prefix, check],
  );

  const start = useCallback(
    (collected: Collected) => {
      if (collected.problems.length > 0) setStep({ kind: 'problems', collected });
      else void proceed(collected);
    },
    [proceed],
  );

  const cancel = () => {
    checkRef.current?.abort();
    setStep({ kind: 'idle' });
  };

  const skipProblems = () => {
    if (step.kind === 'problems') void proceed({ ...step.collected, problems: [] });
  };

  const confirmMany = () => {
    if (step.kind === 'many') void check(step.items);
  };

  const answer = (decision: Decision, applyToAll: boolean) => {
    if (step.kind !== 'conflicts') return;
    const { conflicts, index, decisions, items, existing } = step;
    const targets = applyToAll ? conflicts.slice(index) : [conflicts[index]];
    for (const conflict of targets) decisions.set(conflict.key, decision);
    if (!applyToAll && index + 1 < conflicts.length) setStep({ ...step, index: index + 1 });
    // The checks are loaded: the conflicts were found with them.
    else enqueue(loadedChecks!.applyDecisions(items, existing, decisions));
  };

  return { step, start, skipProblems, confirmMany, answer, cancel };
}
