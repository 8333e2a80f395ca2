import { S3AppError } from '../errors';
import { checkDestinationKey, nameOf, parentOf } from './keys';

/**
 * One thing the user picked and where it goes: an object (`a/x.txt` → `b/x.txt`) or a folder, given as prefixes
 * ending with "/" (`a/docs/` → `b/docs/`). Every key under a folder keeps its path below it.
 */
export interface TransferRoot {
  source: string;
  destination: string;
  /** A picked file as its listing showed it: not read again before the copy, whose condition checks the ETag. */
  listed?: ListedObject;
}

export interface ListedObject {
  etag: string;
  size: number;
}

export const isFolder = (keyOrPrefix: string) => keyOrPrefix.endsWith('/');

/** Move or copy into a folder (`""` is the bucket's root): the item keeps its name. */
export function intoFolder(source: string, folderPrefix: string, listed?: ListedObject): TransferRoot {
  const folder = folderPrefix === '' || folderPrefix.endsWith('/') ? folderPrefix : `${folderPrefix}/`;
  const destination = `${folder}${nameOf(source)}${isFolder(source) ? '/' : ''}`;
  return listed && !isFolder(source) ? { source, destination, listed } : { source, destination };
}

/** Rename in place: same folder, new name. A folder's rename is a move of its whole prefix. */
export function renamed(source: string, newName: string): TransferRoot {
  if (newName === '' || newName.includes('/')) {
    throw new S3AppError(
      'invalid-destination',
      `"${newName}" is not a name: a name cannot be empty or contain "/".`,
      'Type a name without slashes; use Move to put it into another folder.',
      { code: 'InvalidName' },
    );
  }
  const destination = `${parentOf(source)}${newName}${isFolder(source) ? '/' : ''}`;
  // Refused here, before a job starts.
  checkDestinationKey(destination, source, 'renamed');
  return { source, destination };
}

/** Where one key under `root` goes. */
export function destinationKey(root: TransferRoot, sourceKey: string): string {
  if (!isFolder(root.source)) return root.destination;
  return `${root.destination}${sourceKey.slice(root.source.length)}`;
}

/**
 * Refuses what cannot be done before anything is listed: a folder into itself (its copy would be listed again and
 * again), a folder onto an object or back. `sameBucket`: source and destination are the same bucket of the same
 * connection, where a root that lands on itself is nothing to do.
 */
export function checkRoot(root: TransferRoot, sameBucket: boolean): void {
  if (isFolder(root.source) !== isFolder(root.destination)) {
    throw new S3AppError(
      'invalid-destination',
      `"${nameOf(root.source)}" is a ${isFolder(root.source) ? 'folder' : 'file'}; its destination must be one too.`,
      'Pick a folder as the destination.',
      { code: 'KindMismatch' },
    );
  }
  if (sameBucket && isFolder(root.source) && root.destination !== root.source) {
    if (root.destination.startsWith(root.source)) {
      throw new S3AppError(
        'invalid-destination',
        `The folder "${nameOf(root.source)}" cannot go inside itself.`,
        'Pick a destination outside this folder.',
        { code: 'FolderIntoItself' },
      );
    }
  }
}
