/**
 * The enumerated values a scenario may use, as runtime lists matching the types of
 * model/config.ts, model/storageTypes.ts and model/scenario.ts.
 */
import type { CheckingMethod, SiteIsolationPolicy } from './config';
import type { PartitionDirection } from './scenario';
import type { CopyMode, FenceLevel } from './storageTypes';

/** Heartbeat checking methods (FIG. 8). */
export const CHECKING_METHODS = ['network', 'mirror', 'both'] as const satisfies CheckingMethod[];
/** Directions of a network partition (`both` by default). */
export const PARTITION_DIRECTIONS = [
  'both',
  'prod-to-standby',
  'standby-to-prod'
] as const satisfies PartitionDirection[];
/** What the standby does when the production site looks isolated. */
export const SITE_ISOLATION_POLICIES = [
  'manual',
  'automatic',
  'tiebreaker'
] as const satisfies SiteIsolationPolicy[];
/** Remote copy modes. */
export const COPY_MODES = ['sync', 'async'] as const satisfies CopyMode[];
/** Remote copy fence levels. */
export const FENCE_LEVELS = ['data', 'status', 'never'] as const satisfies FenceLevel[];
/** Largest seed (the generator takes an unsigned 32-bit seed). */
export const MAX_SEED = 0xffff_ffff;
