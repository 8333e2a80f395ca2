import type { LifecycleRule } from '@aws-sdk/client-s3';

/**
 * Lifecycle rules as this app reads, shows, checks and sends them: the SDK's shape, with the filter in one form
 * (`Filter.Prefix`, or `Filter.And` with a prefix and tags, or `Filter.Tag`). Pure, so the bucket details view
 * uses it directly.
 */
export type LifecycleRuleInput = LifecycleRule;

export type LifecycleTemplate = 'noncurrent' | 'abort-multipart' | 'expire-prefix';

export const TEMPLATES: Array<{ id: LifecycleTemplate; label: string; needsPrefix: boolean }> = [
  { id: 'noncurrent', label: 'Delete noncurrent versions after N days', needsPrefix: false },
  { id: 'abort-multipart', label: 'Abort unfinished multipart uploads after N days', needsPrefix: false },
  { id: 'expire-prefix', label: 'Expire objects under a prefix after N days', needsPrefix: true },
];

/** A rule from a template; check it (and the rules it joins) with `lifecycleProblems` before sending. */
export function ruleFromTemplate(
  template: LifecycleTemplate,
  input: { id: string; days: number; prefix?: string },
): LifecycleRuleInput {
  const base = { ID: input.id, Status: 'Enabled' as const };
  switch (template) {
    case 'noncurrent':
      return {
        ...base,
        Filter: { Prefix: input.prefix ?? '' },
        NoncurrentVersionExpiration: { NoncurrentDays: input.days },
      };
    case 'abort-multipart':
      return {
        ...base,
        Filter: { Prefix: input.prefix ?? '' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: input.days },
      };
    case 'expire-prefix':
      return { ...base, Filter: { Prefix: input.prefix ?? '' }, Expiration: { Days: input.days } };
  }
}

/** A free rule ID like the template's name: "noncurrent-30d", then "-2", "-3"… when taken. */
export function suggestRuleId(template: LifecycleTemplate, days: number, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = `${template}-${days}d`;
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * What is wrong with a set of rules, one sentence each; empty when it can be sent. Checked before any request:
 * RGW refuses some mistakes with a bare 400, and silently widens a rule with an object-size filter to the whole
 * bucket, so such a filter is never sent.
 */
export function lifecycleProblems(rules: LifecycleRuleInput[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const rule of rules) {
    const id = rule.ID ?? '';
    const name = id ? `Rule “${id}”` : 'A rule';
    if (!id.trim()) problems.push('Every rule needs an ID.');
    else if (id.length > 255) problems.push(`${name}: its ID is longer than 255 characters.`);
    else if (ids.has(id)) problems.push(`${name}: two rules have this ID; IDs must be unique.`);
    ids.add(id);
    const days = [
      rule.Expiration?.Days,
      rule.NoncurrentVersionExpiration?.NoncurrentDays,
      rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
      ...(rule.Transitions ?? []).map((t) => t.Days),
      ...(rule.NoncurrentVersionTransitions ?? []).map((t) => t.NoncurrentDays),
    ];
    if (days.some((d) => d !== undefined && (!Number.isInteger(d) || d < 1))) {
      problems.push(`${name}: days must be a whole number of at least 1.`);
    }
    if (hasSizeFilter(rule)) {
      problems.push(
        `${name}: object-size filters are not supported here (this server would apply the rule to the whole bucket).`,
      );
    }
    if (!hasAction(rule)) problems.push(`${name}: it does nothing (no expiry, no clean-up).`);
  }
  return problems;
}

function hasSizeFilter(rule: LifecycleRuleInput): boolean {
  const f = rule.Filter;
  return (
    f?.ObjectSizeGreaterThan !== undefined ||
    f?.ObjectSizeLessThan !== undefined ||
    f?.And?.ObjectSizeGreaterThan !== undefined ||
    f?.And?.ObjectSizeLessThan !== undefined
  );
}

function hasAction(rule: LifecycleRuleInput): boolean {
  return !!(
    rule.Expiration ||
    rule.NoncurrentVersionExpiration ||
    rule.AbortIncompleteMultipartUpload ||
    rule.Transitions?.length ||
    rule.NoncurrentVersionTransitions?.length
  );
}

/**
 * Rules as read back, in the one form this app sends. RGW answers in other shapes than it was sent: a
 * `Filter{Prefix:''}` comes back as a rule-level `Prefix`, and `And{Prefix,Tags}` as `Filter{Prefix, And{Tags}}`.
 * Sorted by ID, as RGW sorts them.
 */
export function normalizeRules(rules: LifecycleRule[]): LifecycleRuleInput[] {
  return rules
    .map((rule): LifecycleRuleInput => {
      const { Prefix: rulePrefix, Filter: filter, ...rest } = rule;
      const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? rulePrefix ?? '';
      const tags = [...(filter?.And?.Tags ?? []), ...(filter?.Tag ? [filter.Tag] : [])];
      const normalized =
        tags.length === 0
          ? { Prefix: prefix }
          : tags.length === 1 && !prefix
            ? { Tag: tags[0] }
            : { And: { Prefix: prefix || undefined, Tags: tags } };
      return { ...rest, Filter: normalized };
    })
    .sort((a, b) => ((a.ID ?? '') < (b.ID ?? '') ? -1 : (a.ID ?? '') > (b.ID ?? '') ? 1 : 0));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One rule in words: "Under “logs/”: objects expire 30 days after they are written." */
export function describeRule(rule: LifecycleRuleInput): string {
  const f = rule.Filter;
  const prefix = f?.Prefix ?? f?.And?.Prefix ?? '';
  const tags = [...(f?.And?.Tags ?? []), ...(f?.Tag ? [f.Tag] : [])].map((t) => `${t.Key}=${t.Value}`);
  const scope =
    (prefix ? `Under “${prefix}”` : 'Whole bucket') + (tags.length ? `, tagged ${tags.join(' and ')}` : '');
  const actions: string[] = [];
  if (rule.Expiration?.Days !== undefined)
    actions.push(`objects expire ${plural(rule.Expiration.Days, 'day')} after they are written`);
  if (rule.Expiration?.Date)
    actions.push(`objects expire on ${rule.Expiration.Date.toISOString().slice(0, 10)}`);
  if (rule.Expiration?.ExpiredObjectDeleteMarker)
    actions.push('delete markers with no versions left are removed');
  if (rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined) {
    const days = rule.NoncurrentVersionExpiration.NoncurrentDays;
    actions.push(`noncurrent versions are deleted for good ${plural(days, 'day')} after they are replaced`);
  }
  if (rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined) {
    const days = rule.AbortIncompleteMultipartUpload.DaysAfterInitiation;
    actions.push(`unfinished multipart uploads are aborted ${plural(days, 'day')} after they start`);
  }
  for (const t of rule.Transitions ?? [])
    actions.push(`objects move to ${t.StorageClass} after ${plural(t.Days ?? 0, 'day')}`);
  for (const t of rule.NoncurrentVersionTransitions ?? [])
    actions.push(
      `noncurrent versions move to ${t.StorageClass} after ${plural(t.NoncurrentDays ?? 0, 'day')}`,
    );
  const what = actions.length ? actions.join('; ') : 'does nothing';
  return `${scope}: ${what}.${rule.Status === 'Disabled' ? ' (Disabled.)' : ''}`;
}

/** What a rule will delete, for the confirm before it is added; undefined when it deletes no data. */
export function whatRuleDeletes(rule: LifecycleRuleInput): string | undefined {
  const prefix = rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? '';
  const where = prefix ? `under “${prefix}”` : 'in the whole bucket';
  if (rule.Expiration?.Days !== undefined) {
    return `Every object ${where} will expire ${plural(rule.Expiration.Days, 'day')} after it was written (with versioning on, it is hidden behind a delete marker and becomes noncurrent; without versioning it is deleted for good).`;
  }
  if (rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined) {
    const days = rule.NoncurrentVersionExpiration.NoncurrentDays;
    return `Every older (noncurrent) version ${where} will be deleted for good ${plural(days, 'day')} after it was replaced; it cannot be restored after that.`;
  }
  return undefined;
}
