/**
 * Batch progress on stderr. On a terminal: one bar redrawn in place (done/total, failures, rate, ETA), at
 * most every 100 ms. Otherwise (logs, CI, cluster jobs): one plain line per finished case.
 */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private lastDraw = 0;
  private readonly start = performance.now();

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream,
  ) {}

  /** Records a finished case (its id, and its error code or null) and reports it. */
  tick(id: string, errorCode: string | null, message = ''): void {
    this.done++;
    if (errorCode !== null) this.failed++;
    if (this.stream.isTTY) {
      const now = performance.now();
      if (now - this.lastDraw >= 100 || this.done === this.total) {
        this.lastDraw = now;
        this.stream.write(`\r${this.bar()}\x1b[K`);
      }
    } else {
      const status = errorCode === null ? 'ok' : `failed ${errorCode}: ${message}`;
      this.stream.write(`[${this.done}/${this.total}] ${id} ${status} (${this.rateText()}, ETA ${this.etaText()})\n`);
    }
  }

  /** Ends the bar and prints the summary line. */
  finish(summary: string): void {
    if (this.stream.isTTY && this.done > 0) this.stream.write('\n');
    this.stream.write(`${summary} in ${formatDuration(this.elapsed())}\n`);
  }

  private elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }

  private rateText(): string {
    const rate = this.done / Math.max(this.elapsed(), 1e-9);
    return rate >= 1 ? `${rate.toFixed(1)} cases/s` : `${(1 / rate).toFixed(1)} s/case`;
  }

  private etaText(): string {
    const rest = this.total - this.done;
    return rest === 0 ? '0s' : formatDuration((this.elapsed() / this.done) * rest);
  }

  private bar(): string {
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 60));
    const filled = Math.round((width * this.done) / Math.max(this.total, 1));
    const failed = this.failed > 0 ? `, ${this.failed} failed` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}${failed}  ${this.rateText()}  ETA ${this.etaText()}`;
  }
}

/** 75 -> "1m15s", 3700 -> "1h01m", 4.2 -> "4.2s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
