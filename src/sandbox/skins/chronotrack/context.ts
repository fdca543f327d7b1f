/** What every ChronoTrack handler receives: the authenticated partner, the path's id, the query. */
import type { Corruptions } from '../../server/corruptions.js';
import type { World } from '../../world/index.js';
import type { ResolvedChronoTrackOptions } from './options.js';

export interface CtSkinState {
  world: World;
  options: ResolvedChronoTrackOptions;
  corruptions: Corruptions;
}

export interface CtContext extends CtSkinState {
  params: URLSearchParams;
  partner: number;
  id: string | undefined;
}
