// What a drop or a pick needs beyond the first paint: loaded on the first upload, or earlier when the browser is
// idle after a bucket opens (see usePrefetchUploadEngine). The queue itself loads through hooks/use-uploads.
export { findExistingKeys } from '../../s3/upload/existing-keys';
export { applyDecisions, findConflicts, MANY_FILES, planKeys } from './drop-plan';
