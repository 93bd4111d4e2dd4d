/**
 * Built-in scenario `install-uninstall`: the heartbeat mirror is taken out of service (FIG. 5) and
 * put back (FIG. 4) while the cluster runs: silence on the mirror path is never read as a failure.
 */
import { at, defineScenario } from '../defineScenario';

export default defineScenario({
  name: 'install-uninstall',
  description:
    'De-install then re-install the heartbeat mirror live (FIG. 5, FIG. 4): no false failover',
  duration: '2m',
  faults: [at('20s').uninstall(), at('70s').install()],
  expect: {
    failover: false,
    maxUnavailable: '0s',
    splitBrain: false,
    alerts: ['uninstalled', 'installed']
  }
});
