import { describe, expect, it } from 'vitest';
import type { Row } from '../object-table/rows';
import {
  entriesFor,
  FOLDER_ACTIONS,
  ROW_ACTIONS,
  type EntryHandlers,
  type EntryMenuContext,
} from './entry-actions';

const object = (key: string): Row => ({ kind: 'object', name: key, entry: { key, size: 1 } as never });
const folder = (prefix: string): Row => ({ kind: 'folder', name: prefix, prefix });

/** What a folder's view leaves out; search results leave out what makes no sense there instead. */
const FOLDER_VIEW_LACKS = ['openFolder'];
const SEARCH_LACKS = ['rename', 'paste', 'requestFiles'];

function menu(
  row: Row | undefined,
  targets: Row[],
  canPaste = false,
  versioned = false,
  lacks = FOLDER_VIEW_LACKS,
) {
  const calls: string[] = [];
  // Every handler the view has records its name and arguments.
  const handlers = new Proxy({} as EntryHandlers, {
    get: (_, name) =>
      lacks.includes(String(name))
        ? undefined
        : (...args: unknown[]) => calls.push(`${String(name)} ${JSON.stringify(args)}`),
  });
  const ctx: EntryMenuContext = { row, targets, folder: 'in/', canPaste, versioned, handlers };
  const entries = entriesFor(row ? ROW_ACTIONS : FOLDER_ACTIONS, ctx);
  return {
    labels: entries.map((action) => action.label(ctx)),
    run: (id: string) => entries.find((action) => action.id === id)!.run(ctx),
    enabled: (id: string) => entries.find((action) => action.id === id)!.enabled?.(ctx) ?? true,
    calls,
  };
}

describe('entry menu actions', () => {
  it('an object has Details, Share and access; a folder has Open and Request files instead', () => {
    const a = object('a.txt');
    expect(menu(a, [a]).labels).toEqual([
      'Details',
      'Download',
      'Share…',
      'Make public…',
      'Make private…',
      'Rename',
      'Move to…',
      'Copy to…',
      'Cut',
      'Copy',
      'Paste here',
      'Delete…',
    ]);
    const docs = folder('in/docs/');
    expect(menu(docs, [docs]).labels).toEqual([
      'Open',
      'Download as zip',
      'Request files…',
      'Rename',
      'Move to…',
      'Copy to…',
      'Cut',
      'Copy',
      'Paste here',
      'Delete…',
    ]);
  });

  it('on a row of a selection, the actions name and take the whole selection', () => {
    const rows = [object('a.txt'), folder('in/docs/'), object('b.txt')];
    const { labels, run, calls } = menu(rows[0], rows);
    expect(labels).toEqual([
      'Details',
      'Download 3 items as zip',
      'Make 2 objects public…',
      'Make 2 objects private…',
      'Move 3 items to…',
      'Copy 3 items to…',
      'Cut 3 items',
      'Copy 3 items',
      'Paste here',
      'Delete 3 items…',
    ]);
    run('delete');
    run('cut');
    expect(calls.map((call) => call.split(' ')[0])).toEqual(['remove', 'toClipboard']);
    expect(calls[1]).toContain('"move"');
  });

  it('Paste is there but greyed out until something was cut or copied', () => {
    const a = object('a.txt');
    expect(menu(a, [a]).enabled('paste')).toBe(false);
    expect(menu(a, [a], true).enabled('paste')).toBe(true);
    expect(menu(undefined, [], true).enabled('paste')).toBe(true);
  });

  it('the folder’s own menu requests files for the folder it is in', () => {
    const { labels, run, calls } = menu(undefined, []);
    expect(labels).toEqual([
      'New folder…',
      'New text file…',
      'Upload files…',
      'Request files…',
      'Paste here',
      'Select all',
      'Refresh',
    ]);
    run('request-files');
    expect(calls).toEqual(['requestFiles ["in/"]']);
  });

  it('where the bucket keeps versions, an object has History… and the folder shows every version or the deleted files', () => {
    const a = object('a.txt');
    const row = menu(a, [a], false, true);
    expect(row.labels.slice(0, 3)).toEqual(['Details', 'History…', 'Download']);
    row.run('history');
    expect(row.calls[0].split(' ')[0]).toBe('history');
    expect(menu(a, [a, object('b.txt')], false, true).labels).not.toContain('History…');
    const own = menu(undefined, [], false, true);
    expect(own.labels.slice(-2)).toEqual(['Show every version', 'Show deleted files']);
    own.run('show-deleted');
    expect(own.calls).toEqual(['showVersions ["deleted"]']);
  });

  it('a search result opens its containing folder, and has no Rename or Paste (it is named by its path)', () => {
    const a = object('in/sub/a.txt');
    const { labels, run, calls } = menu(a, [a], true, false, SEARCH_LACKS);
    expect(labels).toEqual([
      'Details',
      'Open containing folder',
      'Download',
      'Share…',
      'Make public…',
      'Make private…',
      'Move to…',
      'Copy to…',
      'Cut',
      'Copy',
      'Delete…',
    ]);
    run('open-folder');
    expect(calls[0].split(' ')[0]).toBe('openFolder');
    const two = [a, object('in/b.txt')];
    expect(menu(a, two, false, false, SEARCH_LACKS).labels).not.toContain('Open containing folder');
  });
});
