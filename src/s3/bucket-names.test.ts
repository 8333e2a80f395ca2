import { describe, expect, it } from 'vitest';
import { validateBucketName, type BucketNameRule } from './bucket-names';

const rules = (name: string) => validateBucketName(name).problems.map((p) => p.rule);

describe('validateBucketName', () => {
  it.each([
    'abc',
    'my-bucket',
    'logs.2026.example',
    '123',
    'a1-b2-c3',
    'x'.repeat(63),
    'xn-not-punycode',
    'my-s3alias-bucket',
    '1.2.3.4.5',
    '999.1.1',
  ])('accepts %j', (name) => {
    expect(validateBucketName(name)).toMatchObject({ ok: true, problems: [] });
  });

  it.each<[string, BucketNameRule[]]>([
    ['', ['empty']],
    ['ab', ['length']],
    ['x'.repeat(64), ['length']],
    ['MyBucket', ['uppercase']],
    ['my_bucket', ['characters']],
    ['my bucket', ['characters']],
    ['ünï', ['characters', 'start', 'end']],
    ['-bucket', ['start']],
    ['.bucket', ['start']],
    ['bucket-', ['end']],
    ['bucket.', ['end']],
    ['my..bucket', ['adjacent-dots']],
    ['my.-bucket', ['dot-dash']],
    ['my-.bucket', ['dot-dash']],
    ['192.168.5.4', ['ip-address']],
    ['xn--bucket', ['reserved-prefix']],
    ['sthree-bucket', ['reserved-prefix']],
    ['amzn-s3-demo-bucket', ['reserved-prefix']],
    ['bucket-s3alias', ['reserved-suffix']],
    ['bucket--ol-s3', ['reserved-suffix']],
    ['bucket.mrap', ['reserved-suffix']],
    ['bucket--x-s3', ['reserved-suffix']],
    ['bucket--table-s3', ['reserved-suffix']],
  ])('refuses %j for %j', (name, expected) => {
    const verdict = validateBucketName(name);
    expect(verdict.ok).toBe(false);
    expect(rules(name)).toEqual(expected);
    for (const problem of verdict.problems) expect(problem.reason).toMatch(/\.$/);
  });

  it('reports every rule a name breaks, each with its own reason', () => {
    const verdict = validateBucketName('-My_Bucket..');
    expect(verdict.problems.map((p) => p.rule)).toEqual([
      'uppercase',
      'characters',
      'start',
      'end',
      'adjacent-dots',
    ]);
    expect(verdict.problems[0].reason).toContain('“-my_bucket..”');
    expect(verdict.problems[1].reason).toContain('underscores (_)');
  });

  it('names the length it found', () => {
    expect(validateBucketName('ab').problems[0].reason).toBe('Use 3 to 63 characters (this name has 2).');
  });

  it('warns about dots with virtual-hosted HTTPS but accepts them', () => {
    const verdict = validateBucketName('www.example.com');
    expect(verdict.ok).toBe(true);
    expect(verdict.warnings[0]).toMatch(/certificate/);
    expect(validateBucketName('plain').warnings).toEqual([]);
  });
});
