import { listObjectsPage } from './objects';
import type { S3Session } from './session';

/** Enough folders for a person to pick from; a folder with more subfolders than this says so. */
const MAX_PAGES = 10;

export interface FolderChoices {
  folders: string[];
  /** More pages were left unread. */
  more: boolean;
}

/** The subfolders of a folder (delimiter listing, its objects ignored), for a destination picker. */
export async function listFolders(
  session: S3Session,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<FolderChoices> {
  const folders: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await listObjectsPage(session, { bucket, prefix, token, signal });
    folders.push(...answer.folders);
    token = answer.nextToken;
    if (!token) return { folders, more: false };
  }
  return { folders, more: true };
}
