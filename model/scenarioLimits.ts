/**
 * The bounds of a scenario: what one machine can simulate in bounded memory and time. Each is
 * checked before anything is built, and a value beyond it is a one-line error (exit 2).
 *
 * Topology: a host group pair costs about 52 KB of retained heap once built and 81 KB with every
 * program running, flat over a run (`npm run bench` measures both); 5,000 groups (the largest
 * size the benchmark measures, ≈ 400 MB retained while running, more at a collection's peak) is
 * the most one process holds within Node's default heap. Hosts beyond the active member are
 * cheap (they run local heartbeats only), but every one is an actor: at most 64 per host group
 * and 20,000 in all.
 */

/** One simulated year (ms): the longest run and the longest duration anywhere in a scenario. */
export const MAX_SIMULATED_MS = 365 * 24 * 3_600_000;
/** Longest network or remote-copy latency or jitter (ms). */
export const MAX_LATENCY_MS = 3_600_000;
/** Shortest heartbeat interval, poll interval and other repeating timers (ms). */
export const MIN_TIMER_MS = 10;
/** Most application groups (production + standby host group pairs). */
export const MAX_GROUPS = 5000;
/** Most hosts in one host group. */
export const MAX_HOSTS_PER_GROUP = 64;
/** Most hosts in all (both sites, every group). */
export const MAX_HOSTS = 20_000;
/** Most application writes per simulated second. */
export const MAX_WRITES_PER_SECOND = 1000;
/** Largest async journal (writes). */
export const MAX_JOURNAL = 10_000_000;
/** Most entries of the fault timeline. */
export const MAX_FAULTS = 10_000;
/** Longest description (characters). */
export const MAX_DESCRIPTION = 4000;
