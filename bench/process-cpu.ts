import fs from 'node:fs';

/** CPU seconds (user + system) per kind of process: Chromium's by `--type`, the sandbox's RGW and OSD. */
export type CpuSnapshot = Map<string, number>;

const TICKS_PER_SECOND = 100;

interface Proc {
  pid: number;
  ppid: number;
  seconds: number;
  label: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's ")": state, ppid, ..., utime (12th) and stime (13th), in ticks.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    // Chromium's child processes rewrite their command line into one string with spaces.
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    return {
      pid,
      ppid: Number(fields[1]),
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      label: labelOf(args),
    };
  } catch {
    return undefined;
  }
}

function threadSeconds(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      const seconds = threadCpuSeconds(`/proc/${pid}/task/${tid}`, stat);
      threads.set(name, (threads.get(name) ?? 0) + seconds);
    }
  } catch {
    // the process ended meanwhile
  }
  return threads;
}

/**
 * A thread's time on a CPU: from schedstat in nanoseconds where the kernel has it (a redraw of a few ms shows), else
 * from stat in ticks of 10 ms.
 */
function threadCpuSeconds(dir: string, stat: string): number {
  try {
    return Number(fs.readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch {
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }
}

function labelOf(args: string[]): string {
  const program = args[0]?.split('/').pop() ?? '';
  if (program === 'radosgw') return 'RGW';
  if (program === 'ceph-osd') return 'Ceph OSD';
  if (program === 'ceph-mon') return 'Ceph monitor';
  if (program.includes('chrom')) {
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
    const sub = args
      .find((a) => a.startsWith('--utility-sub-type='))
      ?.split('.')
      .pop();
    return `Chromium ${type ? (sub ?? type) : 'browser'}`;
  }
  return 'Node (bench, app server)';
}

/**
 * CPU time so far of this bench's own processes (every descendant of this Node process: Chromium, the app's server)
 * and of the sandbox's (RGW, OSD), grouped by kind. Linux only; elsewhere empty. Other users of the machine are left
 * out, so a loaded machine still shows where this run's time went.
 */
export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let pids: number[];
  try {
    pids = fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return snapshot;
  }
  const procs = new Map<number, Proc>();
  for (const pid of pids) {
    const proc = readProc(pid);
    if (proc) procs.set(pid, proc);
  }
  const ours = (proc: Proc): boolean => {
    for (let p: Proc | undefined = proc; p; p = procs.get(p.ppid)) if (p.pid === process.pid) return true;
    return false;
  };
  const add = (label: string, seconds: number) => snapshot.set(label, (snapshot.get(label) ?? 0) + seconds);
  for (const proc of procs.values()) {
    const sandbox = proc.label === 'RGW' || proc.label.startsWith('Ceph');
    if (!sandbox && !ours(proc)) continue;
    if (!proc.label.startsWith('Chromium')) {
      // This process runs the bench (Node's baselines); the others are the app's server.
      const node = proc.label.startsWith('Node');
      add(
        node ? (proc.pid === process.pid ? 'Node (bench)' : 'Node (app server)') : proc.label,
        proc.seconds,
      );
      continue;
    }
    // Chromium by thread too: a renderer's main thread, its service worker's thread, the network's IO thread.
    for (const [thread, seconds] of threadSeconds(proc.pid)) add(`${proc.label} ${thread}`, seconds);
  }
  return snapshot;
}

/** CPU seconds spent between two snapshots, per kind, largest first (processes that ended meanwhile are lost). */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Array<[string, number]> {
  return [...after]
    .map(([label, seconds]): [string, number] => [label, seconds - (before.get(label) ?? 0)])
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1]);
}

export const describeCpu = (spent: Array<[string, number]>) =>
  spent.map(([label, seconds]) => `${label} ${seconds.toFixed(1)} s`).join(', ');

/** CPU seconds spent between two snapshots by every kind whose label starts with `prefix` (e.g. "Chromium"). */
export function cpuSpentBy(before: CpuSnapshot, after: CpuSnapshot, prefix: string): number {
  let seconds = 0;
  for (const [label, value] of after)
    if (label.startsWith(prefix)) seconds += value - (before.get(label) ?? 0);
  return seconds;
}
