import { describe, expect, it } from 'vitest';
import { contentTypeFor } from './content-type';

describe('contentTypeFor', () => {
  it('prefers the browser type, then the extension', () => {
    expect(contentTypeFor('a.bin', 'image/png')).toBe('image/png');
    expect(contentTypeFor('notes.MD')).toBe('text/markdown');
    expect(contentTypeFor('photo.jpeg')).toBe('image/jpeg');
    expect(contentTypeFor('README')).toBe('application/octet-stream');
    expect(contentTypeFor('x.txt', 'text/plain\r\nx: y')).toBe('text/plain');
  });
});
