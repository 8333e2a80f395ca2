// What a drop or a pick needs before its files are queued: the keys they go to, which of them exist already, and
// the user's answers applied. A chunk of its own, loaded on the first upload, or earlier when the browser is idle
// after a bucket opens (see usePrefetchUploadEngine).
export { findExistingKeys } from './existing-keys';
export { applyDecisions, findConflicts, MANY_FILES, planKeys } from './drop-plan';
