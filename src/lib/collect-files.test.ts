import { describe, expect, it } from 'vitest';
import { collectFromDataTransfer } from './collect-files';

/**
 * Fake FileSystemEntry trees, as Chromium's entry API hands them out for a dropped folder. As root (where the tests
 * run) a chmod 000 file is still readable, so an unreadable entry is made here: its `file()` fails the way Chromium
 * fails it (NotReadableError for permissions, NotFoundError for a file gone since the drop).
 */
type Fake = FileSystemEntry;

const domError = (name: string) => Object.assign(new Error(`${name} from the browser`), { name });

function fileEntry(name: string, content: string | Error): Fake {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (ok: (file: File) => void, fail: (error: Error) => void) =>
      queueMicrotask(() => (content instanceof Error ? fail(content) : ok(new File([content], name)))),
  } as unknown as Fake;
}

function folderEntry(name: string, children: Fake[] | Error): Fake {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      // Like Chromium: batches until an empty one.
      let given = false;
      return {
        readEntries: (ok: (entries: Fake[]) => void, fail: (error: Error) => void) =>
          queueMicrotask(() => {
            if (children instanceof Error) return fail(children);
            ok(given ? [] : children);
            given = true;
          }),
      };
    },
  } as unknown as Fake;
}

/** A DataTransfer as a drop hands it over: items with webkitGetAsEntry. */
function dataTransfer(...roots: Fake[]): DataTransfer {
  return {
    items: roots.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null })),
    files: [],
  } as unknown as DataTransfer;
}

describe('collectFromDataTransfer', () => {
  it('collects the readable files and names every entry it could not read, with why', async () => {
    const drop = dataTransfer(
      folderEntry('photos', [
        fileEntry('a.txt', 'A'),
        fileEntry('locked.txt', domError('NotReadableError')),
        fileEntry('gone.txt', domError('NotFoundError')),
        folderEntry('private', domError('SecurityError')),
        folderEntry('empty', []),
        folderEntry('deep', [fileEntry('b.txt', 'BB'), fileEntry('odd', new Error('Something odd'))]),
      ]),
      fileEntry('top.txt', 'T'),
    );
    const collected = await collectFromDataTransfer(drop);

    expect(collected.files.map((f) => [f.path, f.file.size])).toEqual([
      ['top.txt', 1],
      ['photos/a.txt', 1],
      ['photos/deep/b.txt', 2],
    ]);
    expect(collected.emptyFolders).toEqual(['photos/empty/']);
    expect(collected.problems).toEqual([
      {
        path: 'photos/locked.txt',
        message: 'The browser may not read it (permissions, or a special file such as a socket).',
      },
      { path: 'photos/gone.txt', message: 'It was moved or deleted after it was dropped.' },
      {
        path: 'photos/private/',
        message: 'The browser may not read it (permissions, or a special file such as a socket).',
      },
      { path: 'photos/deep/odd', message: 'Something odd' },
    ]);
  });

  it('a drop where nothing can be read gives only problems', async () => {
    const collected = await collectFromDataTransfer(
      dataTransfer(fileEntry('x', domError('NotReadableError'))),
    );
    expect(collected.files).toEqual([]);
    expect(collected.problems.map((p) => p.path)).toEqual(['x']);
  });
});
