import type { S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from '@playwright/test';

/** The RGW sandbox, as `.sandbox/sandbox.json` describes it. */
export interface Sandbox {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** The sandbox's second user (another connection to the same endpoint). */
  other?: { accessKey: string; secretKey: string };
  /** The sandbox's processes, where this run started it (for CPU time read from /proc; absent elsewhere). */
  pids?: { rgw?: number };
}

/** What every scenario gets: the built app served on its own port, a browser, and the sandbox from Node. */
export interface BenchContext {
  /** The app's origin, e.g. http://127.0.0.1:4301. */
  baseURL: string;
  browser: Browser;
  sandbox: Sandbox;
  /** An SDK client in Node with the sandbox keys, for baselines, seeding and checks. */
  s3: S3Client;
  /** A new page already connected to the sandbox through the app's connect form. */
  connectedPage: () => Promise<Page>;
  /** A fresh bucket with a CORS rule for the app's origin; emptied and deleted after the scenario. */
  tempBucket: () => Promise<string>;
  /**
   * A bucket (with the same CORS rule) that several scenarios of one run share, made and seeded by `seed` the first
   * time a scenario asks for `id`, and deleted when the run ends: big datasets are seeded once per run.
   */
  sharedBucket: (id: string, seed: (bucket: string) => Promise<void>) => Promise<string>;
  /** `--small`: CI's smoke run, sizes and rounds scaled down. */
  small: boolean;
  /** `--rounds=N`, or the scenario's own default. */
  rounds?: number;
  log: (message: string) => void;
}

/** One measured figure. A ratio compares it with a baseline measured in the same run. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  /** e.g. ">= 0.9" (applies to `ratio` when there is one, else to `value`). */
  target?: string;
  pass?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  /** ISO date of the run that produced it. */
  date: string;
  parameters: Record<string, string | number | boolean>;
  metrics: Metric[];
  /** Per-round raw numbers, for the table and the chart. */
  rounds: Array<Record<string, number>>;
  notes: string[];
}

export interface Scenario {
  /** Short id used on the command line (`npm run bench -- --only=upload-large`). */
  name: string;
  title: string;
  run: (context: BenchContext) => Promise<Omit<ScenarioResult, 'scenario' | 'title' | 'date'>>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Checks a value against a target written as ">= 0.9" or "<= 200". */
export function meets(value: number, target: string): boolean {
  const match = /^(>=|<=)\s*([\d.]+)/.exec(target);
  if (!match) return false;
  return match[1] === '>=' ? value >= Number(match[2]) : value <= Number(match[2]);
}

/**
 * Every scenario's loop: round 0 warms up (connections, JIT, the server's caches) and is logged but not kept,
 * then rounds 1..`rounds`. `describe` turns a round's row into its log line.
 */
export async function warmedRounds<Row extends Record<string, number>>(
  context: BenchContext,
  rounds: number,
  measure: (round: number) => Promise<Row>,
  describe: (row: Row) => string,
): Promise<Array<Row & { round: number }>> {
  const kept: Array<Row & { round: number }> = [];
  for (let round = 0; round <= rounds; round++) {
    const row = { ...(await measure(round)), round };
    context.log(`${round === 0 ? 'warm-up' : `round ${round}`}: ${describe(row)}`);
    if (round > 0) kept.push(row);
  }
  return kept;
}

/** `items` rotated by `round`, so that no path always goes first (the first one meets a colder server). */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const at = round % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}
