import type { Scenario } from '../types';
import { deleteFolder } from './delete-folder';
import { downloadLargeObject } from './download-large-object';
import { dropPageUpload } from './drop-page-upload';
import { scrollGrid } from './grid';
import { initialJavascript } from './initial-javascript';
import { listAllKeys, openLargeFolder, scrollAllRows } from './listing';
import { copyLargeObject, crossConnectionCopy, moveFolder } from './move-copy';
import { relaySmallGets } from './relay-small-gets';
import { searchBucket } from './search';
import { uploadLargeFile } from './upload-large-file';
import { uploadManyFiles } from './upload-many-files';
import { listVersions, restoreFolderAsOf } from './versions';

/**
 * Every benchmark scenario, in the order they run. To add one: write `scenarios/<name>.ts` exporting a Scenario
 * (see types.ts; `upload-large-file.ts` is an example) and list it here.
 */
export const scenarios: Scenario[] = [
  uploadLargeFile,
  uploadManyFiles,
  dropPageUpload,
  downloadLargeObject,
  initialJavascript,
  openLargeFolder,
  listAllKeys,
  scrollAllRows,
  scrollGrid,
  deleteFolder,
  moveFolder,
  copyLargeObject,
  crossConnectionCopy,
  relaySmallGets,
  searchBucket,
  listVersions,
  restoreFolderAsOf,
];
