import type { Scenario } from '../types';
import { downloadLargeObject } from './download-large-object';
import { initialJavascript } from './initial-javascript';
import { uploadLargeFile } from './upload-large-file';
import { uploadManyFiles } from './upload-many-files';

/**
 * Every benchmark scenario, in the order they run. To add one: write `scenarios/<name>.ts` exporting a Scenario
 * (see types.ts; `upload-large-file.ts` is an example) and list it here.
 */
export const scenarios: Scenario[] = [
  uploadLargeFile,
  uploadManyFiles,
  downloadLargeObject,
  initialJavascript,
];
