import type { Metric, ScenarioResult } from './types';

export interface Environment {
  date: string;
  machine: string;
  node: string;
  chromium: string;
  rgw: string;
  commit: string;
  small: boolean;
}

export interface BenchFile {
  environment: Environment;
  scenarios: ScenarioResult[];
}

const number = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);

function metricRow(result: ScenarioResult, metric: Metric): string {
  const verdict = metric.pass === undefined ? '' : metric.pass ? 'met' : '**not met**';
  return [
    result.title,
    metric.name,
    `${number(metric.value)} ${metric.unit}`,
    metric.baseline ? `${number(metric.baseline.value)} ${metric.unit} (${metric.baseline.name})` : '',
    metric.ratio === undefined ? '' : `${metric.ratio.toFixed(2)}x`,
    metric.target ?? '',
    verdict,
  ].join(' | ');
}

/** A bar per round, so a glance shows the spread (the sandbox is noisy; the medians above are what count). */
function chart(rounds: Array<Record<string, number>>, keys: string[]): string {
  const max = Math.max(...rounds.flatMap((r) => keys.map((k) => r[k] ?? 0)));
  const width = 40;
  const lines = rounds.flatMap((r) =>
    keys.map((k) => {
      const bar = '█'.repeat(Math.max(1, Math.round(((r[k] ?? 0) / max) * width)));
      return `round ${String(r.round).padStart(2)} ${k.padEnd(13)} ${bar} ${number(r[k] ?? 0)}`;
    }),
  );
  return ['```', ...lines, '```'].join('\n');
}

export function renderMarkdown(file: BenchFile): string {
  const env = file.environment;
  const out: string[] = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. Every ratio compares the app with a baseline',
    'measured in the same run, on the same machine, so runs on different machines stay comparable.',
    '',
    `- Date: ${env.date}${env.small ? ' (small sizes: `--small`, a smoke run)' : ''}`,
    `- Machine: ${env.machine}`,
    `- Node ${env.node}, ${env.chromium}, ${env.rgw}`,
    `- App: ${env.commit}`,
    '',
    '| scenario | measured | app | baseline | ratio | target | |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...file.scenarios.flatMap((result) => result.metrics.map((metric) => `| ${metricRow(result, metric)} |`)),
    '',
  ];
  for (const result of file.scenarios) {
    out.push(`## ${result.title}`, '');
    out.push(
      `Run ${result.date}; ${Object.entries(result.parameters)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
      '',
    );
    if (result.rounds.length) {
      // The round first, however a scenario ordered its numbers.
      const columns = ['round', ...Object.keys(result.rounds[0]).filter((c) => c !== 'round')];
      out.push(`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`);
      for (const round of result.rounds) out.push(`| ${columns.map((c) => number(round[c])).join(' | ')} |`);
      out.push('');
      const speeds = columns.filter((c) => /MiBs$/.test(c));
      if (speeds.length) out.push('Throughput per round (MiB/s):', '', chart(result.rounds, speeds), '');
      const rates = columns.filter((c) => /ReqPerS$/.test(c));
      if (rates.length) out.push('Requests per second per round:', '', chart(result.rounds, rates), '');
    }
    for (const note of result.notes) out.push(`- ${note}`);
    out.push('');
  }
  return out.join('\n');
}
