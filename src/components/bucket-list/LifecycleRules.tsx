import { useId, useState, type FormEvent } from 'react';
import { useLifecycleRules, useSaveLifecycleRules } from '../../hooks/use-lifecycle';
import {
  describeRule,
  lifecycleProblems,
  ruleFromTemplate,
  suggestRuleId,
  TEMPLATES,
  whatRuleDeletes,
  type LifecycleRuleInput,
  type LifecycleTemplate,
} from '../../s3/lifecycle-rules';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

/** The bucket's lifecycle rules in words and as raw JSON; add one from a template, remove one. */
export function LifecycleRules({ bucket }: { bucket: string }) {
  const rules = useLifecycleRules(bucket);
  const save = useSaveLifecycleRules(bucket);
  const [removing, setRemoving] = useState<LifecycleRuleInput | null>(null);
  if (rules.isPending) return <span className="muted">Loading…</span>;
  if (rules.isError) return <ErrorNotice error={rules.error} title="The lifecycle rules could not be read" />;
  const current = rules.data;
  return (
    <>
      {current.length === 0 ? (
        <p>None: nothing expires or is cleaned up on its own.</p>
      ) : (
        <ul className="lifecycle-rules">
          {current.map((rule) => (
            <li key={rule.ID}>
              <span>
                <strong>{rule.ID}</strong>: {describeRule(rule)}
              </span>
              <button
                type="button"
                className="link-button danger-text"
                aria-label={`Remove rule ${rule.ID}`}
                onClick={() => setRemoving(rule)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {current.length > 0 && (
        <details className="lifecycle-raw">
          <summary>Raw JSON</summary>
          <pre>{JSON.stringify({ Rules: current }, null, 2)}</pre>
        </details>
      )}
      {save.isError && <ErrorNotice error={save.error} title="The rules were not changed" />}
      <AddRuleForm
        rules={current}
        busy={save.isPending}
        onAdd={(rule, done) => save.mutate([...current, rule], { onSuccess: done })}
      />
      {removing && (
        <ConfirmDialog
          title={`Remove rule “${removing.ID}”?`}
          confirmLabel="Remove rule"
          busy={save.isPending}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            save.mutate(
              current.filter((rule) => rule.ID !== removing.ID),
              { onSettled: () => setRemoving(null) },
            )
          }
        >
          <p>{describeRule(removing)}</p>
          <p>No data is deleted by removing it; it just stops applying.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function AddRuleForm({
  rules,
  busy,
  onAdd,
}: {
  rules: LifecycleRuleInput[];
  busy: boolean;
  onAdd: (rule: LifecycleRuleInput, done: () => void) => void;
}) {
  const [template, setTemplate] = useState<LifecycleTemplate>('noncurrent');
  const [days, setDays] = useState('30');
  const [prefix, setPrefix] = useState('');
  const [typedId, setTypedId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<LifecycleRuleInput | null>(null);
  const problemsId = useId();
  const needsPrefix = TEMPLATES.find((t) => t.id === template)!.needsPrefix;
  const dayCount = Number(days);
  const id =
    typedId ??
    suggestRuleId(
      template,
      dayCount,
      rules.flatMap((r) => (r.ID ? [r.ID] : [])),
    );
  const rule = ruleFromTemplate(template, { id, days: dayCount, prefix });
  const problems = [
    ...(days.trim() === '' ? ['Type a number of days.'] : []),
    ...(needsPrefix && !prefix ? ['Type the prefix whose objects expire (e.g. logs/).'] : []),
    ...lifecycleProblems([...rules, rule]),
  ];
  const reset = () => {
    setTypedId(null);
    setConfirming(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length) return;
    if (whatRuleDeletes(rule)) setConfirming(rule);
    else onAdd(rule, reset);
  };
  return (
    <form className="lifecycle-add" aria-label="Add a lifecycle rule" onSubmit={submit}>
      <label>
        Template
        <select value={template} onChange={(e) => setTemplate(e.target.value as LifecycleTemplate)}>
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Days
        <input
          type="number"
          min={1}
          step={1}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          aria-describedby={problemsId}
        />
      </label>
      <label>
        {needsPrefix ? 'Prefix' : 'Prefix (optional)'}
        <input
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
          placeholder={needsPrefix ? 'logs/' : ''}
        />
      </label>
      <label>
        Rule ID
        <input value={id} onChange={(e) => setTypedId(e.target.value)} />
      </label>
      <p className="muted lifecycle-preview">{describeRule(rule)}</p>
      <div id={problemsId} aria-live="polite">
        {problems.length > 0 && (
          <ul className="name-problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="submit" className="primary" disabled={busy || problems.length > 0}>
        Add rule
      </button>
      {confirming && (
        <ConfirmDialog
          title="Add a rule that deletes data?"
          confirmLabel="Add rule"
          danger
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            onAdd(confirming, reset);
            setConfirming(null);
          }}
        >
          <p>{describeRule(confirming)}</p>
          <p>{whatRuleDeletes(confirming)}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
