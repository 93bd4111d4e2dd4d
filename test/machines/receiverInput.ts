import type { ReceiverInput } from '../../machines/receiverMachine';

/** The receiver the receiver suites start: both paths watched, 5 s timeout, 1 s poll. */
export const RECEIVER_INPUT: ReceiverInput = {
  identifier: 'app/hb-pair',
  mirrorDevice: 'standby-hb',
  networkPeer: 'prod',
  mirror: true,
  network: true,
  timeout: 5000,
  pollInterval: 1000,
  ioTimeout: 2000
};
