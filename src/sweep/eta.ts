/**
 * Time-left estimate of a long phase. The rate is measured from the first progress report on, so start-up
 * (loading data in the workers, backend initialisation) does not count as slow progress, and no estimate is
 * given before 5 % of the work and 3 s have passed since then (the first estimates were 10–50× off).
 */
export class Eta {
  private t0: number | null = null;
  private done0 = 0;
  constructor(private readonly total: number) {}

  /** Seconds left, or null while there is too little to go on. `now` in milliseconds. */
  update(done: number, now: number = performance.now()): number | null {
    if (this.t0 === null) {
      if (done <= 0) return null;
      this.t0 = now;
      this.done0 = done;
      return null;
    }
    const progressed = done - this.done0;
    const elapsed = (now - this.t0) / 1000;
    if (progressed < 0.05 * this.total || elapsed < 3) return null;
    return (elapsed * (this.total - done)) / progressed;
  }
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
