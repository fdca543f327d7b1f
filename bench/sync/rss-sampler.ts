/**
 * Peak resident set size (and V8 heap in use) of this process over a phase, sampled every 50 ms.
 * `maxRSS` from `process.resourceUsage()` is the peak of the whole process life, so it cannot
 * split phases.
 */
export interface MemoryPeaks {
  rss: number;
  heapUsed: number;
}

export interface RssSampler {
  /** Stops sampling; the peaks in bytes, including one last sample. */
  stop(): MemoryPeaks;
}

export function sampleRss(intervalMs = 50): RssSampler {
  const peaks: MemoryPeaks = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, usage.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}

export const toMb = (bytes: number): number => Math.round(bytes / 1_048_576);
