/**
 * `mirrorbeat inspect <scenario> [--port N] [--host ADDR] [--trace FILE] [--seed N]
 * [--inspect stately]`: serve the offline web inspector on 127.0.0.1 and print its URL; stop
 * cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { describeValue } from '../model/describeValue';
import { MAX_SEED } from '../model/scenarioValues';
import { randomBytes } from 'node:crypto';
import { isLoopback, startInspectorServer } from '../inspector/server';
import { createFileSession, createLiveSession, type InspectorSession } from '../inspector/session';
import { startStatelyForwarder, type StatelyForwarder } from '../inspector/stately';
import { findScenario } from '../scenarios/catalogue';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { UsageError } from './usageError';

/** Options of `inspect`, as commander gives them. */
export interface InspectFlags {
  port?: string;
  host?: string;
  trace?: string;
  seed?: string;
  inspect?: string;
  statelyUrl?: string;
  /** Allow a non-loopback `--host` (a token is then required in the URL). */
  allowRemote?: boolean;
  /** Print the URL and the stop as JSON lines. */
  json?: boolean;
}

/** Something that says when to stop (default: the first SIGINT or SIGTERM). */
export type StopSignal = () => Promise<string>;

const processSignal: StopSignal = () =>
  new Promise((resolve) => {
    const on = (name: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(name);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });

/**
 * Check the arguments (throws {@link UsageError} at once), then serve until `stop` resolves.
 * The promise gives the exit code (0 after a clean shutdown).
 */
export function inspectCommand(
  deps: CliDeps,
  ref: string,
  flags: InspectFlags,
  stop: StopSignal = processSignal
): Promise<ExitCode> {
  const port = flags.port === undefined ? 4311 : Number(flags.port);
  if (!/^\d+$/.test(flags.port ?? '4311') || port > 65535) {
    throw new UsageError(
      `mirrorbeat inspect: --port: expected an integer from 0 to 65535, found ${describeValue(flags.port)}`
    );
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && (!/^\d+$/.test(flags.seed ?? '') || seed > MAX_SEED)) {
    throw new UsageError(
      `mirrorbeat inspect: --seed: expected an integer from 0 to ${MAX_SEED}, found ${describeValue(flags.seed)}`
    );
  }
  if (flags.inspect !== undefined && flags.inspect !== 'stately') {
    throw new UsageError(
      `mirrorbeat inspect: --inspect: expected stately, found ${describeValue(flags.inspect)}`
    );
  }
  const host = flags.host ?? '127.0.0.1';
  if (!isLoopback(host) && !flags.allowRemote) {
    throw new UsageError(
      `mirrorbeat inspect: --host: expected a loopback address (127.0.0.1, ::1, localhost) unless --allow-remote is given, found ${describeValue(host)}`
    );
  }
  if (flags.trace !== undefined && !existsSync(flags.trace)) {
    throw new UsageError(
      `mirrorbeat inspect: --trace: expected a trace file (from 'run --trace'), found ${JSON.stringify(flags.trace)} (no such file)`
    );
  }
  const scenario = flags.trace === undefined ? findScenario(ref, deps.catalogue) : undefined;

  return (async () => {
    // A busy port is bad input: say so in one line before anything runs.
    await checkPortFree(host, port);
    let stately: StatelyForwarder | undefined;
    if (flags.inspect === 'stately') {
      const url = flags.statelyUrl ?? 'ws://localhost:8080';
      stately = await startStatelyForwarder(url);
      const note = stately.connected
        ? `forwarding inspection events to the Stately inspector at ${url}`
        : `no Stately inspector answers at ${url} yet; events are kept until it does`;
      if (flags.json) deps.err(`${note}\n`);
      else deps.out(`${note}\n`);
    }
    let session: InspectorSession;
    try {
      session = scenario
        ? await createLiveSession(deps.runScenario, scenario, { seed, inspect: stately?.inspect })
        : await createFileSession(flags.trace as string, ref);
    } catch (error) {
      await stately?.stop();
      if (flags.trace !== undefined && error instanceof Error) {
        throw new UsageError(`mirrorbeat inspect: --trace: ${error.message}`);
      }
      throw error;
    }
    // Reachable from other machines: only with the secret token of the printed URL.
    const token = isLoopback(host) ? undefined : randomBytes(16).toString('hex');
    if (token !== undefined) {
      deps.err(
        `mirrorbeat inspect: warning: listening on ${host}, not only on this machine: anyone who can reach it and has the URL (with its token) can see this run\n`
      );
    }
    let server: Awaited<ReturnType<typeof startInspectorServer>>;
    try {
      server = await startInspectorServer({ session, host, port, token });
    } catch (error) {
      await stately?.stop();
      throw listenError(error, host, port);
    }
    const what = scenario ? `scenario ${scenario.name}` : `trace ${flags.trace}`;
    if (flags.json) {
      deps.out(JSON.stringify({ ok: true, event: 'listening', url: server.url, what }) + '\n');
    } else {
      deps.out(
        `mirrorbeat inspector for ${what}: ${server.url}\n` +
          'open it in a browser (works offline); press Ctrl-C to stop\n'
      );
    }
    const why = await stop();
    await server.close();
    await stately?.stop();
    if (flags.json) deps.out(JSON.stringify({ ok: true, event: 'stopped', signal: why }) + '\n');
    else deps.out(`inspector stopped (${why})\n`);
    return EXIT.ok;
  })();
}

/** Resolve when `host:port` can be listened on; a {@link UsageError} when it cannot. */
function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(listenError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A failure to listen, as one line naming the option. */
function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return new UsageError(
      `mirrorbeat inspect: --port: expected a free port, found ${port} in use on ${host} (try --port 0 for any free port)`
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
    return new UsageError(
      `mirrorbeat inspect: --host/--port: expected an address and port this machine can listen on, found ${host}:${port} (${code})`
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
