/**
 * `--inspect stately`: forward XState's inspection events to Stately's WebSocket inspector
 * (`@statelyai/inspect`'s `createWebSocketInspector`), for users who are online and run Stately's
 * relay (`createInspectorServer` of `@statelyai/inspect/server`, default `ws://localhost:8080`).
 * The package is ESM-only: it is loaded with `require` (Node ≥ 20.19 loads ESM that way; jest
 * transforms it). It stamps events with the wall clock and sends them on real timers, outside the
 * simulation, which it only watches.
 */
import type { InspectionEvent } from 'xstate';

type StatelyModule = typeof import('@statelyai/inspect', { with: { 'resolution-mode': 'import' } });

/** Most events kept while no Stately inspector answers. */
export const MAX_DEFERRED_EVENTS = 100_000;

export interface StatelyForwarder {
  /** The observer to pass as the simulation's extra `inspect`. */
  inspect: (event: InspectionEvent) => void;
  /** True once the WebSocket is open. */
  readonly connected: boolean;
  /** Wait until every event so far has been handed to the socket, then close it. */
  stop(): Promise<void>;
}

interface AdapterView {
  status?: string;
  ws?: { readyState?: number; bufferedAmount?: number };
}

/**
 * Connect to `url` (waiting up to `waitMs` for the socket to open, so that a run's first events
 * are not dropped) and return the forwarder.
 */
export async function startStatelyForwarder(url: string, waitMs = 3000): Promise<StatelyForwarder> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stately = require('@statelyai/inspect') as StatelyModule;
  // Keep the events of a run's start while the socket opens (the default keeps 200), but not a
  // long run's millions when no inspector ever answers: memory stays bounded.
  const inspector = stately.createWebSocketInspector({
    url,
    maxDeferredEvents: MAX_DEFERRED_EVENTS
  });
  const adapter = inspector.adapter as unknown as AdapterView;
  const start = Date.now();
  while (adapter.status !== 'open' && Date.now() - start < waitMs) await sleep(20);
  // The inspector converts each event on a zero-delay timer: a timer queued after the latest
  // event says they all were. One timer at a time, re-armed while events keep coming (not one
  // per event: a long run has millions).
  let pending = false;
  let more = false;
  const settle = () => {
    if (more) {
      more = false;
      setTimeout(settle, 0);
    } else {
      pending = false;
    }
  };
  return {
    inspect: (event) => {
      inspector.inspect.next?.(event);
      if (pending) {
        more = true;
        return;
      }
      pending = true;
      setTimeout(settle, 0);
    },
    get connected() {
      return adapter.status === 'open';
    },
    async stop() {
      const until = Date.now() + 10_000;
      while (pending && Date.now() < until) await sleep(10);
      while ((adapter.ws?.bufferedAmount ?? 0) > 0 && Date.now() < until) await sleep(10);
      inspector.stop();
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
