/**
 * One storage subsystem (disk array) at one site. The statechart only decides whether the array
 * is serving; its volumes are plain data held by the actor wrapper, and its I/O moves as clock
 * callbacks (see actors/storage/createStorageSide.ts).
 */
import { emit, setup } from 'xstate';
import type { SiteId } from '../model/storageTypes';

/** Input of {@link storageMachine}. */
export interface StorageMachineInput {
  id: string;
  site: SiteId;
}

/** Context of {@link storageMachine}. */
export interface StorageMachineContext {
  id: string;
  site: SiteId;
}

/** Events accepted by {@link storageMachine}. */
export type StorageMachineEvent = { type: 'CRASH' } | { type: 'RECOVER' };

/** Emitted on entering a state, for the actor wrapper. */
export type StorageMachineEmitted = { type: 'storage-state'; state: 'up' | 'failed' };

/**
 * A storage subsystem: `up` (serves I/O) or `failed` (answers nothing, not even errors; the
 * hosts find out through their own I/O timeout).
 */
export const storageMachine = setup({
  types: {
    input: {} as StorageMachineInput,
    context: {} as StorageMachineContext,
    events: {} as StorageMachineEvent,
    emitted: {} as StorageMachineEmitted
  },
  actions: {
    announce: emit((_, params: { state: 'up' | 'failed' }) => ({
      type: 'storage-state' as const,
      state: params.state
    }))
  }
}).createMachine({
  id: 'storage',
  context: ({ input }) => ({ id: input.id, site: input.site }),
  initial: 'up',
  states: {
    up: {
      tags: ['serving'],
      entry: { type: 'announce', params: { state: 'up' } },
      on: { CRASH: 'failed' }
    },
    failed: {
      entry: { type: 'announce', params: { state: 'failed' } },
      on: { RECOVER: 'up' }
    }
  }
});
