/**
 * One remote-copy pair (TrueCopy / Universal Replicator), in CCI terms: SMPL, COPY, PAIR, PSUS,
 * PSUE, SSWS. The statechart decides every pair state change and whether a pair command is
 * accepted; the data (blocks, journal, copies in flight) is plain data moved by the actor wrapper
 * (actors/storage/createStorageSide.ts), which tells this chart only about decisions: commands,
 * copy failures, path losses, a full journal.
 *
 * Commands carry the facts the array knows when it receives them (is the link up, is each
 * subsystem answering) and a `ref` echoed in the outcome, so the chart stays pure.
 */
import { and, assign, emit, setup } from 'xstate';
import type {
  CopyMode,
  FenceLevel,
  PairCommand,
  PairState,
  TakeoverKind
} from '../model/storageTypes';

/** Input of {@link pairMachine}. */
export interface PairMachineInput {
  id: string;
  primary: string;
  secondary: string;
  mode: CopyMode;
  fenceLevel: FenceLevel;
  /** Runs start in steady state: `PAIR` means already synchronized. */
  initialState: 'PAIR' | 'SMPL';
  /** Duration of a full (initial) copy. */
  initialCopyTime: number;
  /** Time to copy one differential block (a link round trip plus a service time). */
  blockCopyTime: number;
}

/** Context of {@link pairMachine}. */
export interface PairMachineContext {
  id: string;
  /** Volume currently in the P-VOL role. */
  primary: string;
  /** Volume currently in the S-VOL role. */
  secondary: string;
  mode: CopyMode;
  fenceLevel: FenceLevel;
  initialState: 'PAIR' | 'SMPL';
  initialCopyTime: number;
  blockCopyTime: number;
  /** Duration of the copy in progress (COPY). */
  copyTime: number;
  /** Async journal entries not yet applied, as last reported at a decision point. */
  journalUsed: number;
  /** Differential data exists (writes not yet copied to the partner). */
  dirty: boolean;
  /** Why the pair is in its current state. */
  reason: string;
  /** The P-VOL rejects writes (fence level `data`, or `status` when the S-VOL could not be marked). */
  pvolFenced: boolean;
  /** `ref` of the swap-takeover being carried out (0 when none). */
  takeoverRef: number;
}

/** What the array knows about its partner when it receives a command. */
export interface PairReach {
  linkUp: boolean;
  primaryUp: boolean;
  secondaryUp: boolean;
}

/** Events accepted by {@link pairMachine}. */
export type PairMachineEvent =
  | ({ type: 'CREATE'; ref: number } & PairReach)
  | { type: 'SPLIT'; ref: number }
  | ({ type: 'RESYNC'; ref: number; dirtyBlocks: number } & PairReach)
  | ({ type: 'SWAP'; ref: number; dirtyBlocks: number } & PairReach)
  | { type: 'DELETE'; ref: number }
  | ({ type: 'TAKEOVER'; ref: number; onSecondary: boolean; journalUsed: number } & PairReach)
  | { type: 'SWAP_DONE' }
  | { type: 'COPY_FAILED'; reason: string; remoteAnswered: boolean; journalUsed: number }
  | {
      type: 'PATH_LOST';
      reason: string;
      /** What became unreachable. */
      lost: 'link' | 'primary' | 'secondary';
      journalUsed: number;
    }
  | { type: 'JOURNAL_FULL'; journalUsed: number }
  | { type: 'MARK_DIRTY' };

/** Outputs for the actor wrapper. */
export type PairMachineEmitted =
  | { type: 'pair-state'; state: PairState; reason: string }
  | { type: 'command-done'; ref: number; cmd: PairCommand; result: string }
  | { type: 'command-refused'; ref: number; cmd: PairCommand; detail: string }
  | { type: 'takeover-done'; ref: number; kind: TakeoverKind; detail: string }
  | { type: 'swap-requested'; ref: number };

type RefusalParams = { cmd: PairCommand; detail: string };

/** A transition that refuses a command in the current state. */
function refuse(cmd: PairCommand, detail: string) {
  return { actions: { type: 'refuse' as const, params: { cmd, detail } satisfies RefusalParams } };
}

/** `pairsplit -S`: every paired state deletes the pair the same way. */
function deletePair(target: 'SMPL' | '#pair.SMPL') {
  return {
    target,
    actions: [
      { type: 'setReason' as const, params: { reason: 'pairsplit -S' } },
      { type: 'accept' as const, params: { cmd: 'delete' as PairCommand, result: 'SMPL' } }
    ]
  };
}

/** A takeover issued on the P-VOL itself: nothing to do. */
const NOP_TAKEOVER = {
  guard: 'issuedOnPrimary' as const,
  actions: {
    type: 'takeoverDone' as const,
    params: { kind: 'nop-takeover' as const, detail: 'volume is already the P-VOL' }
  }
};

/** The actions of an SVOL-takeover (the S-VOL becomes SSWS), with the array's explanation. */
function svolTakeoverActions(detail: string) {
  return [
    { type: 'setReason' as const, params: { reason: 'svol-takeover' } },
    { type: 'takeoverDone' as const, params: { kind: 'svol-takeover' as const, detail } }
  ];
}

function reachOf(event: PairMachineEvent): PairReach | undefined {
  return 'linkUp' in event ? event : undefined;
}

function refOf(event: PairMachineEvent, context: PairMachineContext): number {
  return 'ref' in event ? event.ref : context.takeoverRef;
}

/**
 * A remote-copy pair. State values are the CCI pair states (plus sub-states that say whether the
 * P-VOL is fenced and whether a swap-takeover is in progress); `boot` is a choice pseudo-state.
 */
export const pairMachine = setup({
  types: {
    input: {} as PairMachineInput,
    context: {} as PairMachineContext,
    events: {} as PairMachineEvent,
    emitted: {} as PairMachineEmitted
  },
  actions: {
    announce: emit(({ context }, params: { state: PairState }) => ({
      type: 'pair-state' as const,
      state: params.state,
      reason: context.reason
    })),
    accept: emit(({ event, context }, params: { cmd: PairCommand; result: string }) => ({
      type: 'command-done' as const,
      ref: refOf(event, context),
      cmd: params.cmd,
      result: params.result
    })),
    refuse: emit(({ event, context }, params: RefusalParams) => ({
      type: 'command-refused' as const,
      ref: refOf(event, context),
      cmd: params.cmd,
      detail: params.detail
    })),
    refuseUnreachable: emit(({ event, context }, params: { cmd: PairCommand }) => {
      const reach = reachOf(event);
      const detail = !reach?.linkUp
        ? 'remote link is down'
        : !reach.primaryUp
          ? `P-VOL subsystem (${context.primary}) is not responding`
          : `S-VOL subsystem (${context.secondary}) is not responding`;
      return {
        type: 'command-refused' as const,
        ref: refOf(event, context),
        cmd: params.cmd,
        detail
      };
    }),
    /** The swap-takeover in progress is abandoned (the pair failed meanwhile). */
    refusePendingTakeover: emit(({ event, context }) => ({
      type: 'command-refused' as const,
      ref: context.takeoverRef,
      cmd: 'takeover' as const,
      detail: `swap-takeover failed: ${'reason' in event ? event.reason : event.type}`
    })),
    takeoverDone: emit(({ event, context }, params: { kind: TakeoverKind; detail: string }) => ({
      type: 'takeover-done' as const,
      ref: refOf(event, context),
      kind: params.kind,
      detail: params.detail
    })),
    requestSwap: emit(({ context }) => ({
      type: 'swap-requested' as const,
      ref: context.takeoverRef
    })),
    setReason: assign({ reason: (_, params: { reason: string }) => params.reason }),
    noteFailure: assign({
      reason: ({ event, context }) => ('reason' in event ? event.reason : context.reason),
      journalUsed: ({ event, context }) =>
        'journalUsed' in event ? event.journalUsed : context.journalUsed
    }),
    planInitialCopy: assign({ copyTime: ({ context }) => context.initialCopyTime }),
    // A differential copy moves only the blocks written since the suspension.
    planDifferentialCopy: assign({
      copyTime: ({ context, event }) => {
        const blocks = 'dirtyBlocks' in event ? Math.max(1, event.dirtyBlocks) : 1;
        return Math.min(context.initialCopyTime, blocks * context.blockCopyTime);
      }
    }),
    swapRoles: assign({
      primary: ({ context }) => context.secondary,
      secondary: ({ context }) => context.primary
    }),
    holdTakeover: assign({
      takeoverRef: ({ event }) => ('ref' in event ? event.ref : 0),
      journalUsed: ({ event, context }) =>
        'journalUsed' in event ? event.journalUsed : context.journalUsed
    }),
    releaseTakeover: assign({ takeoverRef: () => 0 }),
    markDirty: assign({ dirty: () => true }),
    markClean: assign({ dirty: () => false, journalUsed: () => 0 }),
    fencePvol: assign({ pvolFenced: () => true }),
    openPvol: assign({ pvolFenced: () => false })
  },
  guards: {
    startsPaired: ({ context }) => context.initialState === 'PAIR',
    reachable: ({ event }) => {
      const reach = reachOf(event);
      return !!reach && reach.linkUp && reach.primaryUp && reach.secondaryUp;
    },
    issuedOnPrimary: ({ event }) => event.type === 'TAKEOVER' && !event.onSecondary,
    primaryReachable: ({ event }) => event.type === 'TAKEOVER' && event.linkUp && event.primaryUp,
    // Fence level decides whether the P-VOL keeps accepting writes once copies fail. `status`
    // fences only when the S-VOL could not be marked suspended (the remote did not answer).
    fencesWrites: ({ context, event }) => {
      if (context.mode === 'async') return false;
      if (context.fenceLevel === 'data') return true;
      if (context.fenceLevel === 'never') return false;
      return !(event.type === 'COPY_FAILED' && event.remoteAnswered);
    },
    secondaryLost: ({ event }) => event.type === 'PATH_LOST' && event.lost === 'secondary',
    pvolFenced: ({ context }) => context.pvolFenced,
    isClean: ({ context }) => !context.dirty
  },
  delays: {
    /** Duration of the copy in progress (override with `pairMachine.provide({ delays })`). */
    copyTime: ({ context }) => context.copyTime
  }
}).createMachine({
  id: 'pair',
  context: ({ input }) => ({
    id: input.id,
    primary: input.primary,
    secondary: input.secondary,
    mode: input.mode,
    fenceLevel: input.fenceLevel,
    initialState: input.initialState,
    initialCopyTime: input.initialCopyTime,
    blockCopyTime: input.blockCopyTime,
    copyTime: input.initialCopyTime,
    journalUsed: 0,
    dirty: false,
    reason: 'initial',
    pvolFenced: false,
    takeoverRef: 0
  }),
  initial: 'boot',
  on: { MARK_DIRTY: { guard: 'isClean', actions: 'markDirty' } },
  states: {
    boot: { always: [{ guard: 'startsPaired', target: 'PAIR' }, { target: 'SMPL' }] },

    SMPL: {
      entry: ['markClean', 'openPvol', { type: 'announce', params: { state: 'SMPL' } }],
      on: {
        CREATE: [
          {
            guard: 'reachable',
            target: 'COPY',
            actions: [
              { type: 'setReason', params: { reason: 'paircreate' } },
              'planInitialCopy',
              { type: 'accept', params: { cmd: 'create', result: 'COPY' } }
            ]
          },
          { actions: { type: 'refuseUnreachable', params: { cmd: 'create' } } }
        ],
        SPLIT: refuse('split', 'volume is SMPL (not paired)'),
        RESYNC: refuse('resync', 'volume is SMPL (not paired)'),
        SWAP: refuse('swap', 'volume is SMPL (not paired)'),
        DELETE: refuse('delete', 'volume is already SMPL'),
        TAKEOVER: refuse('takeover', 'volume is SMPL (not paired)')
      }
    },

    COPY: {
      entry: { type: 'announce', params: { state: 'COPY' } },
      after: {
        copyTime: {
          target: 'PAIR',
          actions: { type: 'setReason', params: { reason: 'copy complete' } }
        }
      },
      on: {
        SPLIT: {
          target: 'PSUS',
          actions: [
            { type: 'setReason', params: { reason: 'pairsplit' } },
            { type: 'accept', params: { cmd: 'split', result: 'PSUS' } }
          ]
        },
        DELETE: deletePair('SMPL'),
        // The copy cannot finish: suspend by error (fence level decides the P-VOL's fate).
        PATH_LOST: [
          { guard: 'fencesWrites', target: 'PSUE.fenced', actions: 'noteFailure' },
          { target: 'PSUE.tracking', actions: 'noteFailure' }
        ],
        COPY_FAILED: [
          { guard: 'fencesWrites', target: 'PSUE.fenced', actions: 'noteFailure' },
          { target: 'PSUE.tracking', actions: 'noteFailure' }
        ],
        CREATE: refuse('create', 'volume is already paired (COPY)'),
        RESYNC: refuse('resync', 'copy already in progress (COPY)'),
        SWAP: refuse('swap', 'pair is not SSWS (COPY)'),
        TAKEOVER: refuse('takeover', 'pair is COPY: S-VOL is inconsistent (volumes unconformable)')
      }
    },

    PAIR: {
      entry: ['markClean', 'openPvol', { type: 'announce', params: { state: 'PAIR' } }],
      initial: 'mirroring',
      states: {
        mirroring: {
          on: {
            SPLIT: {
              target: '#pair.PSUS',
              actions: [
                { type: 'setReason', params: { reason: 'pairsplit' } },
                { type: 'accept', params: { cmd: 'split', result: 'PSUS' } }
              ]
            },
            DELETE: deletePair('#pair.SMPL'),
            TAKEOVER: [
              NOP_TAKEOVER,
              // The remote P-VOL answers: swap roles, after draining what is in flight.
              {
                guard: 'primaryReachable',
                target: 'swapping',
                actions: ['holdTakeover', 'requestSwap']
              },
              {
                guard: 'fencesWrites',
                target: '#pair.SSWS.pvolFenced',
                actions: svolTakeoverActions('P-VOL unreachable: S-VOL is SSWS')
              },
              {
                target: '#pair.SSWS.pvolOpen',
                actions: svolTakeoverActions('P-VOL unreachable: S-VOL is SSWS')
              }
            ],
            PATH_LOST: [
              { guard: 'fencesWrites', target: '#pair.PSUE.fenced', actions: 'noteFailure' },
              { target: '#pair.PSUE.tracking', actions: 'noteFailure' }
            ],
            COPY_FAILED: [
              { guard: 'fencesWrites', target: '#pair.PSUE.fenced', actions: 'noteFailure' },
              { target: '#pair.PSUE.tracking', actions: 'noteFailure' }
            ],
            JOURNAL_FULL: {
              target: '#pair.PSUE.tracking',
              actions: [{ type: 'setReason', params: { reason: 'journal full' } }, 'noteFailure']
            },
            CREATE: refuse('create', 'volume is already paired (PAIR)'),
            RESYNC: refuse('resync', 'pair is already PAIR'),
            SWAP: refuse('swap', 'pair is not SSWS (PAIR)')
          }
        },
        swapping: {
          on: {
            SWAP_DONE: {
              target: 'mirroring',
              actions: [
                'swapRoles',
                {
                  type: 'takeoverDone',
                  params: { kind: 'swap-takeover', detail: 'P-VOL and S-VOL roles swapped' }
                },
                'releaseTakeover'
              ]
            },
            // If the S-VOL's own array failed, the pair is suspended (and the command, issued
            // there, dies with it); if the P-VOL became unreachable mid-swap, horctakeover falls
            // back to an S-VOL takeover.
            PATH_LOST: [
              {
                guard: and(['secondaryLost', 'fencesWrites']),
                target: '#pair.PSUE.fenced',
                actions: ['noteFailure', 'refusePendingTakeover', 'releaseTakeover']
              },
              {
                guard: 'secondaryLost',
                target: '#pair.PSUE.tracking',
                actions: ['noteFailure', 'refusePendingTakeover', 'releaseTakeover']
              },
              {
                guard: 'fencesWrites',
                target: '#pair.SSWS.pvolFenced',
                actions: [
                  ...svolTakeoverActions(
                    'P-VOL became unreachable during swap-takeover: S-VOL is SSWS'
                  ),
                  'releaseTakeover'
                ]
              },
              {
                target: '#pair.SSWS.pvolOpen',
                actions: [
                  ...svolTakeoverActions(
                    'P-VOL became unreachable during swap-takeover: S-VOL is SSWS'
                  ),
                  'releaseTakeover'
                ]
              }
            ],
            COPY_FAILED: [
              {
                guard: 'fencesWrites',
                target: '#pair.PSUE.fenced',
                actions: ['noteFailure', 'refusePendingTakeover', 'releaseTakeover']
              },
              {
                target: '#pair.PSUE.tracking',
                actions: ['noteFailure', 'refusePendingTakeover', 'releaseTakeover']
              }
            ],
            JOURNAL_FULL: {
              target: '#pair.PSUE.tracking',
              actions: [
                { type: 'setReason', params: { reason: 'journal full' } },
                'noteFailure',
                'refusePendingTakeover',
                'releaseTakeover'
              ]
            },
            CREATE: refuse('create', 'swap-takeover in progress'),
            SPLIT: refuse('split', 'swap-takeover in progress'),
            RESYNC: refuse('resync', 'swap-takeover in progress'),
            SWAP: refuse('swap', 'swap-takeover in progress'),
            DELETE: refuse('delete', 'swap-takeover in progress'),
            TAKEOVER: refuse('takeover', 'swap-takeover in progress')
          }
        }
      }
    },

    PSUS: {
      entry: ['openPvol', { type: 'announce', params: { state: 'PSUS' } }],
      on: {
        RESYNC: [
          {
            guard: 'reachable',
            target: 'COPY',
            actions: [
              { type: 'setReason', params: { reason: 'pairresync' } },
              'planDifferentialCopy',
              { type: 'accept', params: { cmd: 'resync', result: 'COPY' } }
            ]
          },
          { actions: { type: 'refuseUnreachable', params: { cmd: 'resync' } } }
        ],
        TAKEOVER: [
          NOP_TAKEOVER,
          {
            target: 'SSWS.pvolOpen',
            actions: svolTakeoverActions('pair suspended (PSUS): S-VOL is SSWS')
          }
        ],
        DELETE: deletePair('SMPL'),
        CREATE: refuse('create', 'volume is already paired (PSUS)'),
        SPLIT: refuse('split', 'pair is already split (PSUS)'),
        SWAP: refuse('swap', 'pair is not SSWS (PSUS)')
      }
    },

    PSUE: {
      entry: { type: 'announce', params: { state: 'PSUE' } },
      initial: 'tracking',
      states: {
        /** P-VOL writes are rejected ('fenced') until the pair is resynchronized or deleted. */
        fenced: { tags: ['pvol-fenced'], entry: 'fencePvol' },
        /** P-VOL writes are accepted and tracked as differential data. */
        tracking: { entry: 'openPvol' }
      },
      on: {
        RESYNC: [
          {
            guard: 'reachable',
            target: 'COPY',
            actions: [
              { type: 'setReason', params: { reason: 'pairresync' } },
              'planDifferentialCopy',
              { type: 'accept', params: { cmd: 'resync', result: 'COPY' } }
            ]
          },
          { actions: { type: 'refuseUnreachable', params: { cmd: 'resync' } } }
        ],
        TAKEOVER: [
          NOP_TAKEOVER,
          // The P-VOL keeps its fence: a fenced P-VOL stays fenced after the S-VOL takes over.
          {
            guard: 'pvolFenced',
            target: 'SSWS.pvolFenced',
            actions: svolTakeoverActions('pair suspended (PSUE): S-VOL is SSWS')
          },
          {
            target: 'SSWS.pvolOpen',
            actions: svolTakeoverActions('pair suspended (PSUE): S-VOL is SSWS')
          }
        ],
        DELETE: deletePair('SMPL'),
        CREATE: refuse('create', 'volume is already paired (PSUE)'),
        SPLIT: refuse('split', 'pair is already suspended (PSUE)'),
        SWAP: refuse('swap', 'pair is not SSWS (PSUE)')
      }
    },

    SSWS: {
      entry: { type: 'announce', params: { state: 'SSWS' } },
      initial: 'pvolOpen',
      states: {
        pvolFenced: { tags: ['pvol-fenced'], entry: 'fencePvol' },
        pvolOpen: { entry: 'openPvol' }
      },
      on: {
        // pairresync -swaps: the S-VOL's data is dominant, so the copy goes the other way.
        SWAP: [
          {
            guard: 'reachable',
            target: 'COPY',
            actions: [
              { type: 'setReason', params: { reason: 'pairresync -swaps' } },
              'swapRoles',
              'planDifferentialCopy',
              { type: 'accept', params: { cmd: 'swap', result: 'COPY' } }
            ]
          },
          { actions: { type: 'refuseUnreachable', params: { cmd: 'swap' } } }
        ],
        TAKEOVER: [
          {
            guard: 'issuedOnPrimary',
            ...refuse('takeover', 'the S-VOL has already taken over (SSWS)')
          },
          {
            actions: {
              type: 'takeoverDone',
              params: { kind: 'nop-takeover', detail: 'S-VOL is already SSWS' }
            }
          }
        ],
        DELETE: deletePair('SMPL'),
        CREATE: refuse('create', 'volume is already paired (SSWS)'),
        SPLIT: refuse('split', 'pair is SSWS'),
        RESYNC: refuse(
          'resync',
          'S-VOL data is dominant after takeover (SSWS): resync with swap (pairresync -swaps)'
        )
      }
    }
  }
});

/** The CCI pair state of a pair snapshot (the top-level state value). */
export function pairStateOf(value: unknown): PairState {
  return (typeof value === 'string' ? value : Object.keys(value as object)[0]) as PairState;
}
