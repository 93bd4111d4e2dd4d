/**
 * `mirrorbeat/machines`: every statechart of mirrorbeat (XState v5 `setup()` machines), for use in
 * your own XState code — `createActor(receiverMachine, { input })`, `xstate/graph`, Stately's
 * tools. One line per file of `machines/`, each re-exporting the machine with its input, context
 * and event types. Written by scripts/machinesIndex.js (`npm run build`): do not edit.
 */
export * from '../machines/applicationMachine';
export * from '../machines/autoResyncMachine';
export * from '../machines/checkingMethodMachine';
export * from '../machines/failbackMachine';
export * from '../machines/failbackReturnMachine';
export * from '../machines/failoverMachine';
export * from '../machines/failureDecisionMachine';
export * from '../machines/hostMachine';
export * from '../machines/installMachine';
export * from '../machines/linkMachine';
export * from '../machines/membershipMachine';
export * from '../machines/networkMachine';
export * from '../machines/pairMachine';
export * from '../machines/receiverMachine';
export * from '../machines/roleMachine';
export * from '../machines/selfFenceMachine';
export * from '../machines/senderMachine';
export * from '../machines/statusTableMachine';
export * from '../machines/storageMachine';
export * from '../machines/takeoverRequestMachine';
export * from '../machines/tiebreakerMachine';
export * from '../machines/uninstallMachine';
