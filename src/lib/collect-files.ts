/** What a drop or a file picker gave: files with their path relative to what was picked, and empty folders. */
export interface Collected {
  files: Array<{ path: string; file: File }>;
  /** Relative paths of folders with nothing inside, ending with "/": kept as folder marker objects. */
  emptyFolders: string[];
  /** Entries the browser could not read (permissions, vanished files, special files). */
  problems: Array<{ path: string; message: string }>;
}

/**
 * Walks a drop: files, and whole folders through the (non-standard but universal) entry API. The entries must be
 * taken from the DataTransfer before the drop handler returns, so this reads them synchronously, then walks.
 */
export function collectFromDataTransfer(data: DataTransfer): Promise<Collected> {
  const roots: Array<FileSystemEntry | File> = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    const file = entry ? null : item.getAsFile();
    if (entry) roots.push(entry);
    else if (file) roots.push(file);
  }
  // Browsers without items (or a synthetic event) still give the plain file list.
  if (roots.length === 0) roots.push(...Array.from(data.files));
  return walk(roots);
}

/** `<input type=file multiple>` or `webkitdirectory`: paths come from webkitRelativePath ("top/sub/a.txt"). */
export function collectFromFileList(list: FileList | readonly File[]): Collected {
  return {
    files: Array.from(list, (file) => ({ path: file.webkitRelativePath || file.name, file })),
    // The folder picker lists files only: empty folders cannot be seen from a page.
    emptyFolders: [],
    problems: [],
  };
}

async function walk(roots: Array<FileSystemEntry | File>): Promise<Collected> {
  const collected: Collected = { files: [], emptyFolders: [], problems: [] };
  // Files of one folder are opened together (a drop of 10,000 files must not wait for each in turn); the order of
  // the result stays the order of the entries.
  const visitAll = async (entries: Array<FileSystemEntry | File>, parent: string): Promise<void> => {
    const files = await Promise.all(
      entries.map(async (entry) => {
        if (entry instanceof File) return { path: entry.name, file: entry };
        if (!isFile(entry)) return null;
        const path = `${parent}${entry.name}`;
        try {
          return { path, file: await readFile(entry) };
        } catch (error) {
          return { path, problem: describe(error) };
        }
      }),
    );
    for (const result of files) {
      if (result?.file) collected.files.push({ path: result.path, file: result.file });
      else if (result?.problem) collected.problems.push({ path: result.path, message: result.problem });
    }
    for (const entry of entries) {
      if (entry instanceof File || !isDirectory(entry)) continue;
      const path = `${parent}${entry.name}/`;
      let children: FileSystemEntry[];
      try {
        children = await readAll(entry);
      } catch (error) {
        collected.problems.push({ path, message: describe(error) });
        continue;
      }
      if (children.length === 0) collected.emptyFolders.push(path);
      else await visitAll(children, path);
    }
  };
  await visitAll(roots, '');
  return collected;
}

const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

function readFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries answers in batches (100 in Chromium) until it returns an empty one. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function describe(error: unknown): string {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'NotFoundError') return 'It was moved or deleted after it was dropped.';
  if (name === 'NotReadableError' || name === 'SecurityError' || name === 'NotAllowedError') {
    return 'The browser may not read it (permissions, or a special file such as a socket).';
  }
  return error instanceof Error && error.message ? error.message : 'The browser could not read it.';
}
