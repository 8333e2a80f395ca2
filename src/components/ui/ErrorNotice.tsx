import { S3AppError } from '../../s3/errors';

/** Shows what went wrong, what to do, and the raw code in a details line. Never prints a raw SDK object. */
export function ErrorNotice({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const appError = error instanceof S3AppError ? error : null;
  const message = appError?.message ?? (error instanceof Error ? error.message : 'Something went wrong.');
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong className="notice-title">{title}</strong>}
      <p>{message}</p>
      {appError?.hint && <p className="notice-hint">{appError.hint}</p>}
      {appError?.details && <p className="notice-details">Details: {appError.details}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
