/**
 * Copernico skin options: switches for the quirks providers.md §5 reports from clients — gzip
 * bodies sent without being asked (K5) and names double-encoded as mojibake on a share of athletes
 * (K3) — and an optional budget (none is documented, §5.4).
 */
import { requireCount, requireShare } from '../../world/options.js';

export interface CopernicoSkinOptions {
  /** 'always' (default: the CDN quirk), 'when-asked' (Accept-Encoding: gzip), or 'never'. */
  gzip?: 'always' | 'when-asked' | 'never';
  /** Share of athletes whose names arrive as UTF-8 read as Latin-1 ("MarÃ­a"). Default 0.1. */
  mojibakeShare?: number;
  /** Per-key budget; over it 429 with Retry-After. Default off. */
  callsPerHour?: number;
}

export interface ResolvedCopernicoOptions {
  gzip: 'always' | 'when-asked' | 'never';
  mojibakeShare: number;
  callsPerHour: number | undefined;
}

export function resolveCopernicoOptions(options: CopernicoSkinOptions = {}): ResolvedCopernicoOptions {
  return {
    gzip: options.gzip ?? 'always',
    mojibakeShare: requireShare('copernico.mojibakeShare', options.mojibakeShare, 0.1),
    callsPerHour: options.callsPerHour === undefined ? undefined : requireCount('copernico.callsPerHour', options.callsPerHour, 0, 1),
  };
}
