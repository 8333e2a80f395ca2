import { describe, expect, it } from 'vitest';
import { applyDecisions, findConflicts, planKeys } from './drop-plan';

const file = (name: string, text = name) => new File([text], name);

describe('planKeys', () => {
  it('puts relative paths under the prefix and keeps empty folders as markers', () => {
    const items = planKeys('in/', {
      files: [
        { path: 'a b+%#?.txt', file: file('a b+%#?.txt') },
        { path: 'top/sub/ü.txt', file: file('ü.txt') },
      ],
      emptyFolders: ['top/empty/'],
      problems: [],
    });
    expect(items.map((i) => [i.key, i.folder])).toEqual([
      ['in/a b+%#?.txt', false],
      ['in/top/sub/ü.txt', false],
      ['in/top/empty/', true],
    ]);
    expect(items[2].body.size).toBe(0);
    expect(items[2].contentType).toBe('application/x-directory');
  });
});

describe('conflicts', () => {
  const one = file('x.txt', 'first');
  const two = file('x.txt', 'second');
  const items = [
    { key: 'x.txt', body: one, folder: false },
    { key: 'old.txt', body: file('old.txt'), folder: false },
    { key: 'new.txt', body: file('new.txt'), folder: false },
    { key: 'x.txt', body: two, folder: false },
    { key: 'dir/', body: new Blob([]), folder: true },
  ];
  const existing = new Set(['old.txt', 'dir/']);

  it('names keys on the server and duplicates within the drop', () => {
    expect(findConflicts(items, existing)).toEqual([
      { key: 'x.txt', exists: false, duplicates: 2 },
      { key: 'old.txt', exists: true, duplicates: 1 },
    ]);
  });

  it('overwrite keeps the last duplicate and replaces stored keys', () => {
    const decisions = new Map([
      ['x.txt', 'overwrite' as const],
      ['old.txt', 'overwrite' as const],
    ]);
    const sent = applyDecisions(items, existing, decisions);
    expect(sent.map((i) => i.key)).toEqual(['x.txt', 'old.txt', 'new.txt']);
    expect(sent[0].body).toBe(two);
  });

  it('skip keeps the stored object and the first duplicate; existing folder markers are not rewritten', () => {
    const decisions = new Map([
      ['x.txt', 'skip' as const],
      ['old.txt', 'skip' as const],
    ]);
    const sent = applyDecisions(items, existing, decisions);
    expect(sent.map((i) => i.key)).toEqual(['x.txt', 'new.txt']);
    expect(sent[0].body).toBe(one);
  });
});
