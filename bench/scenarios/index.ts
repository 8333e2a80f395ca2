import type { Scenario } from '../types';
import { uploadLargeFile } from './upload-large-file';

/**
 * Every benchmark scenario, in the order they run. To add one: write `scenarios/<name>.ts` exporting a Scenario
 * (see types.ts; `upload-large-file.ts` is an example) and list it here.
 */
export const scenarios: Scenario[] = [uploadLargeFile];
