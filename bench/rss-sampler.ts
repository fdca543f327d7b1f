/**
 * Peak resident set size of this process over a phase, sampled every 50 ms. `maxRSS` from
 * `process.resourceUsage()` is the peak of the whole process life, so it cannot split phases.
 */
export interface RssSampler {
  /** Stops sampling; the peak in bytes, including one last sample. */
  stop(): number;
}

export function sampleRss(intervalMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const toMb = (bytes: number): number => Math.round(bytes / 1_048_576);
