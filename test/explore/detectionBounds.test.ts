/**
 * Analytic checks: measured detection times fall within the closed-form bounds derived from the
 * design (explore/detectionBounds.ts), over a grid of interval / timeout / poll / latency values;
 * and the anchors' defaults reproduce their published figures.
 */
import { DETECTION_GRID, detectionBound, measureDetection } from '../../explore/detectionBounds';

const byLabel = (label: string) => DETECTION_GRID.find((c) => c.label === label)!;

describe('detection bounds', () => {
  it.each(['defaults', 'network only', 'fast', 'slow poll', 'long distance', 'slow network'])(
    'should measure %s within (T − I + d, T + P + 2s + d_l]',
    (label) => {
      const c = byLabel(label);
      const { lower, upper } = detectionBound(c);
      const samples = measureDetection(c, 4, 4);
      for (const d of samples) {
        expect(d).toBeGreaterThan(lower);
        expect(d).toBeLessThanOrEqual(upper);
      }
      // The sweep reaches both ends of the window (within one interval and one poll period).
      expect(Math.min(...samples)).toBeLessThan(lower + c.interval);
      expect(Math.max(...samples)).toBeGreaterThan(upper - c.interval - c.pollInterval);
    }
  );

  it('should match vSphere HA (1 s heartbeat, 15 s): declared 14–16 s after the failure', () => {
    const samples = measureDetection(byLabel('vSphere HA'), 3, 3);
    for (const d of samples) {
      expect(d).toBeGreaterThan(14_000);
      expect(d).toBeLessThanOrEqual(16_004);
    }
  });

  it('should match keepalived (1 s adverts, 3 × 1 s + 0.5 s skew): 2.5–3.5 s, i.e. 3.5 s after the last advert', () => {
    const c = byLabel('keepalived');
    const samples = measureDetection(c, 5, 1);
    for (const d of samples) {
      expect(d).toBeGreaterThan(2_500);
      expect(d).toBeLessThanOrEqual(3_501);
    }
  });
});
