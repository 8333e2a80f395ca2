import { describe, expect, it } from 'vitest';
import {
  lifecycleProblems,
  normalizeRules,
  ruleFromTemplate,
  suggestRuleId,
  whatRuleDeletes,
} from './lifecycle-rules';

describe('lifecycle rules', () => {
  it('reads RGW’s read-back shapes as the one shape that is sent', () => {
    expect(
      normalizeRules([
        { ID: 'b', Status: 'Enabled', Prefix: '', Expiration: { Days: 1 } },
        {
          ID: 'a',
          Status: 'Enabled',
          Filter: { Prefix: 'p/', And: { Tags: [{ Key: 't', Value: '1' }] } },
          Expiration: { Days: 2 },
        },
      ]),
    ).toEqual([
      {
        ID: 'a',
        Status: 'Enabled',
        Filter: { And: { Prefix: 'p/', Tags: [{ Key: 't', Value: '1' }] } },
        Expiration: { Days: 2 },
      },
      { ID: 'b', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
    ]);
  });

  it('finds every problem before a request', () => {
    const ok = ruleFromTemplate('expire-prefix', { id: 'x', days: 3, prefix: 'tmp/' });
    expect(lifecycleProblems([ok])).toEqual([]);
    expect(lifecycleProblems([{ ...ok, ID: '' }])).toEqual(['Every rule needs an ID.']);
    expect(lifecycleProblems([{ ...ok, Expiration: { Days: 1.5 } }])[0]).toContain('whole number');
    expect(lifecycleProblems([{ ...ok, Filter: { And: { ObjectSizeGreaterThan: 5 } } }])[0]).toContain(
      'object-size',
    );
    expect(lifecycleProblems([{ ID: 'n', Status: 'Enabled', Filter: { Prefix: '' } }])[0]).toContain(
      'does nothing',
    );
  });

  it('names free IDs and what a rule deletes', () => {
    expect(suggestRuleId('noncurrent', 30, ['noncurrent-30d', 'noncurrent-30d-2'])).toBe('noncurrent-30d-3');
    expect(whatRuleDeletes(ruleFromTemplate('abort-multipart', { id: 'a', days: 1 }))).toBeUndefined();
    expect(whatRuleDeletes(ruleFromTemplate('noncurrent', { id: 'a', days: 1 }))).toContain(
      'deleted for good 1 day',
    );
  });
});
