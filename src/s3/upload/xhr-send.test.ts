import { describe, expect, it } from 'vitest';
import { unquoteEtag } from './xhr-send';

describe('unquoteEtag', () => {
  it('strips quotes and weak markers', () => {
    expect(unquoteEtag('"abc-3"')).toBe('abc-3');
    expect(unquoteEtag('W/"x"')).toBe('x');
    expect(unquoteEtag(null)).toBeUndefined();
  });
});
