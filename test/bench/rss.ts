/**
 * The resident memory of a server process, read from /proc/<pid>/status (Linux), or from `ps` where
 * there is no /proc: a reading now, the peak between start() and stop() sampled every 50 ms, and the
 * kernel's own high-water mark (VmHWM), which also catches a peak between two samples.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const kilobytes = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu'));
    return kilobytes ? Number(kilobytes[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size in MB. */
function residentMb(pid: number): number {
  const fromProc = statusField(pid, 'VmRSS');
  if (fromProc !== undefined) return fromProc;
  const kilobytes = Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim());
  return Number.isFinite(kilobytes) ? kilobytes / 1024 : Number.NaN;
}

export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  /** The resident size now, in MB. */
  now(): number {
    return residentMb(this.pid);
  }

  /** The highest resident size the process ever had (MB), or NaN where the kernel does not say. */
  highWaterMark(): number {
    return statusField(this.pid, 'VmHWM') ?? Number.NaN;
  }

  /** Starts sampling; the peak is the highest sample until stop(). */
  start(): void {
    this.peak = this.now();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, this.now());
    }, 50);
  }

  /** Stops sampling and returns the peak in MB. */
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, this.now());
    return this.peak;
  }
}
