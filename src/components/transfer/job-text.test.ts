import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../s3/copy/transfer-jobs';
import { displayName, jobTitle } from './job-text';
import { stemLength } from './RenameField';

const request = (over: Partial<JobRequest>): JobRequest => ({
  mode: 'move',
  fromBucket: 'b',
  toBucket: 'b',
  toPrefix: 'photos/2024/',
  roots: [{ source: 'a/report.pdf', destination: 'photos/2024/report.pdf' }],
  ...over,
});

describe('jobTitle', () => {
  it('names the items and where they go, in the tense of the job', () => {
    const three = request({
      roots: ['x', 'y/', 'z'].map((source) => ({ source, destination: `photos/2024/${source}` })),
    });
    expect(jobTitle(three, { status: 'running' })).toBe('Moving 3 items to photos/2024/');
    expect(jobTitle(request({ mode: 'copy', toPrefix: 'archive/' }), { status: 'done' })).toBe(
      'Copied report.pdf to archive/',
    );
    expect(jobTitle(request({ toBucket: 'c', toPrefix: '' }), { status: 'done' })).toBe(
      'Moved report.pdf to c/',
    );
    expect(jobTitle(request({ toPrefix: '' }), { status: 'listing' })).toBe(
      'Moving report.pdf to the top of b',
    );

    // A paste from another connection: a bucket of the same name there is another bucket.
    const pasted = request({
      mode: 'copy',
      fromConnection: { id: 'o', label: 'Backup', session: {} as never },
    });
    expect(jobTitle(pasted, { status: 'done' })).toBe('Copied report.pdf from Backup to b/photos/2024/');
  });

  it('a rename names the old and the new name; a folder keeps its slash', () => {
    const rename = request({ rename: true, roots: [{ source: 'a/docs/', destination: 'a/papers/' }] });
    expect(jobTitle(rename, { status: 'done' })).toBe('Renamed docs/ to papers/');
    expect(displayName('a/b/')).toBe('b/');
  });
});

describe('stemLength', () => {
  it('selects up to the extension; a leading dot or no dot selects all', () => {
    expect(stemLength('report.final.pdf')).toBe('report.final'.length);
    expect(stemLength('.env')).toBe(4);
    expect(stemLength('notes')).toBe(5);
  });
});
