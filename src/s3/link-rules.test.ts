import { describe, expect, it } from 'vitest';
import { contentDisposition, fileNameOf } from './link-rules';

describe('contentDisposition', () => {
  it('keeps ASCII names readable and gives the exact name in UTF-8', () => {
    expect(contentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(contentDisposition('ünï cødé 😀.txt')).toBe(
      `attachment; filename="_n_ c_d_ __.txt"; filename*=UTF-8''%C3%BCn%C3%AF%20c%C3%B8d%C3%A9%20%F0%9F%98%80.txt`,
    );
  });
  it('cannot be broken out of by quotes, semicolons or newlines', () => {
    const header = contentDisposition('a";\r\nx-evil: 1.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.startsWith('attachment; filename="a__')).toBe(true);
  });
});

describe('fileNameOf', () => {
  it('takes the last segment and avoids dot names', () => {
    expect(fileNameOf('docs/readme.md')).toBe('readme.md');
    expect(fileNameOf('../')).toBe('download');
    expect(fileNameOf('a//')).toBe('a');
  });
});
