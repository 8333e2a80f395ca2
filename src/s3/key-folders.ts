/** The folder a key is in: `a/b/c.txt` -> `a/b/`, a key at the top -> ''. */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** The deepest folder ('' for the bucket's root) holding every one of `keys`. */
export function commonFolder(keys: readonly string[]): string {
  let folder = keys.length ? folderOf(keys[0]) : '';
  for (const key of keys) {
    while (!key.startsWith(folder)) folder = folderOf(folder.slice(0, -1));
  }
  return folder;
}
