import { useTransferJobs, useTransferStore } from '../../hooks/use-transfer-jobs';
import { JobsPanel } from './JobsPanel';
import { TransferConflictDialog } from './TransferConflictDialog';

/** The jobs panel and, when a job asks, its conflict question. Loaded with the first job (see FileOperations). */
export function TransferHost() {
  const { conflict } = useTransferJobs();
  const store = useTransferStore();
  return (
    <>
      <JobsPanel />
      {conflict && (
        <TransferConflictDialog
          key={`${conflict.jobId}\n${conflict.question.sourceKey}`}
          conflict={conflict}
          onAnswer={(decision, applyToAll) => store.answer({ decision, applyToAll })}
          onCancelJob={() => store.cancel(conflict.jobId)}
        />
      )}
    </>
  );
}
