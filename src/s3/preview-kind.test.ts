import { describe, expect, it } from 'vitest';
import { previewKind } from './preview-kind';

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
