/**
 * Bytes per second over a sliding window. A file's speed in the panel must follow the wire (a stall shows as a
 * falling speed within seconds), not the average since the start.
 */
export class SpeedMeter {
  private readonly samples: Array<{ time: number; total: number }> = [];
  private total = 0;

  constructor(private readonly windowMs = 3000) {}

  /** `bytes` more moved at `time` (ms, performance.now()). Going back (a retried request) is not speed. */
  add(time: number, bytes: number): void {
    if (bytes > 0) this.total += bytes;
    const last = this.samples.at(-1);
    if (last && time - last.time < 50) last.total = this.total;
    else this.samples.push({ time, total: this.total });
    // Keep one sample at or before the window's start, so the window is always fully measured.
    while (this.samples.length > 2 && this.samples[1].time <= time - this.windowMs) this.samples.shift();
  }

  rate(now: number): number {
    const first = this.samples[0];
    if (!first) return 0;
    const start = Math.max(first.time, now - this.windowMs);
    const span = now - first.time;
    // Less than a second of data is a burst, not a speed.
    if (span < 1000) return 0;
    // Bytes since the window's start, over the time since then (a quiet tail lowers the rate).
    const base = first.time >= start ? first.total : this.totalAt(start);
    return ((this.total - base) * 1000) / (now - start);
  }

  private totalAt(time: number): number {
    let total = this.samples[0].total;
    for (const sample of this.samples) {
      if (sample.time > time) break;
      total = sample.total;
    }
    return total;
  }
}
