import type { Subscription } from 'rxjs';
import { inspectorLoaded } from '@rxwire/core/testing';
import { startBayeux } from './bayeuxCommand.js';
import type { CommandSession } from './commandSession.js';
import { describeError } from './describeError.js';
import { parseArgs } from './parseArgs.js';
import type { CliCommand } from './parseArgs.js';
import { startRpc } from './rpcCommand.js';
import { usage } from './usage.js';
import { UsageError } from './usageError.js';
import { startWs } from './wsCommand.js';

/** Where {@link runCli} writes, and what tells it to stop. */
export interface CliIo {
  /** One line of output (a JSON value), without its newline. */
  stdout: (line: string) => void;
  /** One line of diagnostics, without its newline. */
  stderr: (line: string) => void;
  /** Aborted when the user asks to stop (Ctrl-C) or stdout went away: close and exit 0. */
  signal: AbortSignal;
}

type Runnable = Exclude<CliCommand, { kind: 'help' }>;

const starters: { [K in Runnable['kind']]: (command: Extract<Runnable, { kind: K }>) => CommandSession } = {
  bayeux: startBayeux,
  rpc: startRpc,
  ws: startWs,
};

function start(command: Runnable): CommandSession {
  return (starters[command.kind] as (command: Runnable) => CommandSession)(command);
}

/**
 * The whole CLI as a function: reads the arguments, runs the command, writes JSON lines, and resolves
 * with the exit code once the client is closed: 0 done or stopped, 1 a failure (one line on stderr),
 * 2 a command line it could not understand.
 *
 * @example
 * ```ts
 * const code = await runCli(['rpc', 'ws://127.0.0.1:8082/stream', 'call', 'add', '{"a":1,"b":2}'], {
 *   stdout: (line) => console.log(line),
 *   stderr: (line) => console.error(line),
 *   signal: new AbortController().signal,
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`rxwire: ${error.message} (rxwire --help shows the usage)`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout(usage.trimEnd());
    return 0;
  }
  let session: CommandSession;
  try {
    session = start(command);
  } catch (error) {
    io.stderr(`rxwire: ${describeError(error)}`);
    return 1;
  }
  let inspection: Subscription | undefined;
  if (command.inspect) {
    inspection = session.inspect$.subscribe((event) => io.stdout(JSON.stringify({ inspect: event })));
    // The recorder loads lazily: wait for it, so the first frames (a handshake) are printed too.
    await inspectorLoaded();
  }
  let subscription: Subscription | undefined;
  let onAbort: (() => void) | undefined;
  const code = await new Promise<number>((resolve) => {
    onAbort = () => resolve(0);
    if (io.signal.aborted) return resolve(0);
    io.signal.addEventListener('abort', onAbort, { once: true });
    subscription = session.output$.subscribe({
      next: (value) => io.stdout(JSON.stringify(value)),
      error: (error: unknown) => {
        io.stderr(`rxwire: ${describeError(error)}`);
        resolve(1);
      },
      complete: () => resolve(0),
    });
  });
  if (onAbort) io.signal.removeEventListener('abort', onAbort);
  subscription?.unsubscribe();
  await session.close();
  // After closing, so that --inspect shows the goodbye (a Bayeux disconnect) and the last states.
  inspection?.unsubscribe();
  return code;
}
