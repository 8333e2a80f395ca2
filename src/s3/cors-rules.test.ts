import { describe, expect, it } from 'vitest';
import {
  appCorsRule,
  appCorsRuleId,
  corsCoverage,
  corsRulesJson,
  corsRulesXml,
  mergeCorsRules,
  wildcardMatch,
  type CorsRule,
} from './cors-rules';

const ORIGIN = 'https://files.example.com';

describe('wildcardMatch', () => {
  it.each([
    ['*', 'anything', true],
    ['x-amz-*', 'x-amz-date', true],
    ['x-amz-*', 'X-AMZ-DATE', true],
    ['x-amz-*', 'amz-sdk-request', false],
    ['https://*.example.com', 'https://files.example.com', true],
    ['https://*.example.com', 'https://example.com', false],
    ['https://files.example.com', 'https://files.example.com', true],
    ['https://files.example.com', 'https://files.example.com:8443', false],
  ])('%s vs %s: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
});

describe('corsCoverage', () => {
  it('finds the app rule complete', () => {
    expect(corsCoverage([appCorsRule(ORIGIN)], ORIGIN)).toMatchObject({ covered: true, missing: [] });
  });

  it('judges only the first rule whose origin matches, as RGW does', () => {
    const narrow: CorsRule = { AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] };
    const coverage = corsCoverage([narrow, appCorsRule(ORIGIN)], ORIGIN);
    expect(coverage.covered).toBe(false);
    expect(coverage.rule).toBe(narrow);
    expect(coverage.missing).toEqual(['PUT', 'POST', 'DELETE', 'HEAD', 'ExposeHeaders ETag']);
  });

  it('names missing headers, and accepts "*" for all of them', () => {
    const rule: CorsRule = {
      AllowedOrigins: [ORIGIN],
      AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
      AllowedHeaders: ['authorization', 'x-amz-*'],
      ExposeHeaders: ['etag'],
    };
    expect(corsCoverage([rule], ORIGIN).missing).toEqual([
      'header content-type',
      'header content-md5',
      'header range',
      'header amz-sdk-invocation-id',
      'header amz-sdk-request',
    ]);
    expect(corsCoverage([{ ...rule, AllowedHeaders: ['*'] }], ORIGIN).covered).toBe(true);
  });

  it('says when no rule matches the origin', () => {
    expect(corsCoverage([appCorsRule('https://elsewhere.test')], ORIGIN)).toEqual({
      covered: false,
      missing: [`a rule for ${ORIGIN}`],
    });
  });
});

describe('mergeCorsRules', () => {
  const other: CorsRule = { AllowedOrigins: ['https://other.test'], AllowedMethods: ['GET'] };

  it('puts the app rule first and keeps the others in order', () => {
    const { rules, changed } = mergeCorsRules([other], ORIGIN);
    expect(changed).toBe(true);
    expect(rules).toEqual([appCorsRule(ORIGIN), other]);
  });

  it('replaces an earlier copy of the app rule instead of stacking copies', () => {
    const stale = { ...appCorsRule(ORIGIN), AllowedMethods: ['GET'] };
    expect(mergeCorsRules([other, stale], ORIGIN).rules).toEqual([appCorsRule(ORIGIN), other]);
  });

  it('changes nothing when the rules already cover the origin', () => {
    const existing = [{ ...appCorsRule('*'), ID: 'mine' }, other];
    expect(mergeCorsRules(existing, ORIGIN)).toEqual({ rules: existing, changed: false });
  });

  it('refuses to exceed 100 rules', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      ...other,
      AllowedOrigins: [`https://o${i}.test`],
    }));
    expect(() => mergeCorsRules(many, ORIGIN)).toThrow(/at most 100/);
  });
});

describe('rendering', () => {
  it('renders PutBucketCors XML with every element, escaped', () => {
    const xml = corsRulesXml([{ ...appCorsRule(ORIGIN), ID: 'a<b>&"c"' }]);
    expect(xml).toMatch(/^<CORSConfiguration xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
    expect(xml).toContain('<ID>a&lt;b&gt;&amp;&quot;c&quot;</ID>');
    expect(xml).toContain(`<AllowedOrigin>${ORIGIN}</AllowedOrigin>`);
    for (const m of ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])
      expect(xml).toContain(`<AllowedMethod>${m}</AllowedMethod>`);
    expect(xml).toContain('<AllowedHeader>x-amz-*</AllowedHeader>');
    expect(xml).toContain('<AllowedHeader>amz-sdk-*</AllowedHeader>');
    expect(xml).toContain('<ExposeHeader>ETag</ExposeHeader>');
    expect(xml).toContain('<MaxAgeSeconds>3000</MaxAgeSeconds>');
    expect(xml.trim().endsWith('</CORSConfiguration>')).toBe(true);
  });

  it('renders JSON that parses back to the same rules', () => {
    const rules = [appCorsRule(ORIGIN)];
    expect(JSON.parse(corsRulesJson(rules))).toEqual(rules);
    expect(rules[0].ID).toBe(appCorsRuleId(ORIGIN));
  });
});
