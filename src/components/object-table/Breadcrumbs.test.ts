import { describe, expect, it } from 'vitest';
import { prefixAncestors } from './Breadcrumbs';

describe('prefixAncestors', () => {
  it('lists every folder above, keeping empty and dotted names', () => {
    expect(prefixAncestors('')).toEqual([]);
    expect(prefixAncestors('a/b/')).toEqual(['a/', 'a/b/']);
    expect(prefixAncestors('/etc//x/')).toEqual(['/', '/etc/', '/etc//', '/etc//x/']);
    expect(prefixAncestors('../')).toEqual(['../']);
  });
});
