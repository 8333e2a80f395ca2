import { describe, expect, it } from 'vitest';
import { EDIT_TEXT_MAX_BYTES, editTextRefusal, previewKind } from './preview-kind';

describe('previewKind', () => {
  it('follows the content type, never the extension', () => {
    expect(previewKind('image/svg+xml', 10)).toBe('image');
    expect(previewKind('text/html; charset=utf-8', 10)).toBe('text');
    expect(previewKind('application/pdf', 10)).toBe('pdf');
    expect(previewKind('video/mp4', 10)).toBe('video');
    expect(previewKind('application/octet-stream', 10)).toBeNull();
    expect(previewKind(undefined, 0)).toBe('text');
  });
});

describe('editTextRefusal', () => {
  it('lets text up to 1 MiB be edited, and says why not otherwise', () => {
    expect(editTextRefusal({ contentType: 'text/markdown', size: EDIT_TEXT_MAX_BYTES })).toBeUndefined();
    expect(
      editTextRefusal({ contentType: 'application/json', contentEncoding: 'identity', size: 5 }),
    ).toBeUndefined();
    expect(editTextRefusal({ contentType: 'text/plain', size: EDIT_TEXT_MAX_BYTES + 1 })).toMatch(
      /larger than 1 MiB/,
    );
    expect(editTextRefusal({ contentType: 'text/css', contentEncoding: 'gzip', size: 5 })).toMatch(
      /compressed/,
    );
    expect(editTextRefusal({ contentType: 'image/png', size: 5 })).toMatch(/not a text file/);
  });
});
