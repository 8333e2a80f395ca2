import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { encodeFileRequest } from '../s3/file-request-link';
import { DropPage } from './DropPage';

/** The policy as base64 (ASCII only here). */
const base64 = (text: string) => btoa(text);

function link(expiration: string, label = 'Trip photos'): string {
  const Policy = base64(
    JSON.stringify({
      expiration,
      conditions: [
        { bucket: 'b' },
        ['starts-with', '$key', 'in/'],
        ['starts-with', '$Content-Type', ''],
        ['content-length-range', 0, 1024 * 1024],
      ],
    }),
  );
  return `#${encodeFileRequest({
    url: 'http://127.0.0.1:7480/b',
    fields: {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKID/20300101/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20300101T000000Z',
      Policy,
      'X-Amz-Signature': '0'.repeat(64),
    },
    label,
    sessionFolders: true,
  })}`;
}

const render = (fragment: string) => renderToStaticMarkup(<DropPage fragment={fragment} />);

describe('the drop page', () => {
  it('shows the label and the limits of a good link', () => {
    const html = render(link('2099-01-01T00:00:00Z', '<img src=x onerror=alert(1)>'));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('1 MiB');
    expect(html).toContain('Drop files or folders here');
  });

  it('says an expired link has expired', () => {
    expect(render(link('2001-01-01T00:00:00Z'))).toContain('This link has expired');
  });

  it('shows the damaged-link page for any hostile fragment, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((s) => `#${s}`),
        ),
        (fragment) => {
          const html = render(fragment);
          expect(html).toMatch(/This link is damaged|This link has expired|Drop files or folders here/);
        },
      ),
      { numRuns: 300 },
    );
    expect(render('#garbage')).toContain('This link is damaged');
  });
});
