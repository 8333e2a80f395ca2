import { describe, expect, it } from 'vitest';
import { RestedRows } from './rested-rows';

describe('RestedRows', () => {
  it('gives every row its cells while the table rests', () => {
    const rows = new RestedRows();
    expect(rows.hasCells('o:a', false)).toBe(true);
    rows.drawn(['o:a', 'o:b'], false);
    expect(rows.hasCells('o:z', false)).toBe(true);
  });

  it('keeps the cells of rows drawn at rest while the table scrolls, and draws rows that come into view plain', () => {
    const rows = new RestedRows();
    rows.drawn(['o:a', 'o:b', 'o:c'], false);
    expect(rows.hasCells('o:b', true)).toBe(true);
    expect(rows.hasCells('o:d', true)).toBe(false);
    // Frames drawn while scrolling change nothing: a row that came into view stays plain until the table rests.
    rows.drawn(['o:c', 'o:d', 'o:e'], true);
    expect(rows.hasCells('o:d', true)).toBe(false);
    expect(rows.hasCells('o:c', true)).toBe(true);
  });

  it('gives the rows in view their cells when the scrolling stops, and keeps those through the next scroll', () => {
    const rows = new RestedRows();
    rows.drawn(['o:a'], false);
    rows.drawn(['o:d', 'o:e'], true);
    expect(rows.hasCells('o:e', false)).toBe(true);
    rows.drawn(['o:d', 'o:e'], false);
    expect(rows.hasCells('o:e', true)).toBe(true);
    expect(rows.hasCells('o:a', true)).toBe(false);
  });
});
