import { isValidChannel } from '@rxwire/bayeux';
import type { ProtocolName } from '@rxwire/rpc';
import { UsageError } from './usageError.js';

/** What `rxwire bayeux` was asked to do. */
export interface BayeuxCommand {
  kind: 'bayeux';
  url: string;
  /** Channels to subscribe to, wildcards allowed (`/a/*`, `/a/**`). */
  subscribe: string[];
  /** Messages to publish once, after every subscription is confirmed. */
  publish: Array<{ channel: string; data: unknown }>;
  timeoutMs: number;
  /** `--inspect`: print the client's wire events too. */
  inspect?: boolean;
}

/** What `rxwire rpc` was asked to do. */
export interface RpcCommand {
  kind: 'rpc';
  url: string;
  protocol: ProtocolName;
  method: string;
  /** Left out when the command line gave none. */
  payload?: unknown;
  timeoutMs: number;
  /** `--inspect`: print the client's wire events too. */
  inspect?: boolean;
}

/** What `rxwire ws` was asked to do. */
export interface WsCommand {
  kind: 'ws';
  url: string;
  timeoutMs: number;
  /** `--inspect`: print the connection's wire events too. */
  inspect?: boolean;
}

/** A command line, understood. */
export type CliCommand = { kind: 'help' } | BayeuxCommand | RpcCommand | WsCommand;

/** How long to wait for a connection (and for an RPC reply) when `--timeout` is not given. */
export const DEFAULT_TIMEOUT_MS = 5000;

const protocols: readonly ProtocolName[] = ['json-rpc', 'aio-openapi', 'aiorest-ws'];

/** How many values each option takes, per command. `--timeout` and the `--inspect` flag are everyone's. */
const optionArity = {
  bayeux: { '--subscribe': 1, '--publish': 2, '--timeout': 1, '--inspect': 0 },
  rpc: { '--protocol': 1, '--timeout': 1, '--inspect': 0 },
  ws: { '--timeout': 1, '--inspect': 0 },
} as const satisfies Record<string, Record<string, number>>;

type CommandName = keyof typeof optionArity;

interface Tokens {
  positionals: string[];
  /** Option name to the values of each occurrence, in order. */
  options: Map<string, string[][]>;
}

/** Splits the arguments after the command name into positionals and options (`--name value`, `--name=value`). */
function tokenize(command: CommandName, args: readonly string[]): Tokens {
  const arities: Record<string, number> = optionArity[command];
  const tokens: Tokens = { positionals: [], options: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      tokens.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const arity = arities[name];
    if (arity === undefined) throw new UsageError(`unknown option ${name} for "rxwire ${command}"`);
    const values = inline === undefined ? args.slice(i + 1, i + 1 + arity) : [inline];
    if (inline !== undefined && arity === 0) throw new UsageError(`${name} takes no value`);
    if (values.length !== arity || (inline !== undefined && arity !== 1)) {
      throw new UsageError(`${name} takes ${arity === 1 ? 'a value' : `${arity} values`}`);
    }
    if (inline === undefined) i += arity;
    tokens.options.set(name, [...(tokens.options.get(name) ?? []), values]);
  }
  return tokens;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function lastValue(tokens: Tokens, name: string): string | undefined {
  return tokens.options.get(name)?.at(-1)?.[0];
}

/** `{ inspect: true }` with `--inspect`; nothing otherwise, so a command without it reads as before. */
function inspectOf(tokens: Tokens): { inspect?: boolean } {
  return tokens.options.has('--inspect') ? { inspect: true } : {};
}

function timeoutOf(tokens: Tokens): number {
  const text = lastValue(tokens, '--timeout');
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--timeout takes a positive number of milliseconds, not "${text}"`);
  return ms;
}

/** The url positional; whether it is a usable URL is the client's to say (a failure exits 1, not 2). */
function urlOf(command: CommandName, positionals: string[]): string {
  const url = positionals.shift();
  if (url === undefined) throw new UsageError(`"rxwire ${command}" needs a url`);
  return url;
}

function noMore(command: CommandName, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" for "rxwire ${command}"`);
}

function parseBayeux(args: readonly string[]): BayeuxCommand {
  const tokens = tokenize('bayeux', args);
  const url = urlOf('bayeux', tokens.positionals);
  noMore('bayeux', tokens.positionals);
  const subscribe = (tokens.options.get('--subscribe') ?? []).map(([channel]) => channel as string);
  for (const channel of [...subscribe, ...(tokens.options.get('--publish') ?? []).map(([channel]) => channel as string)]) {
    if (!isValidChannel(channel)) throw new UsageError(`"${channel}" is not a Bayeux channel (segments after a /, wildcards /* and /** only at the end)`);
  }
  const publish = (tokens.options.get('--publish') ?? []).map(([channel, json]) => ({
    channel: channel as string,
    data: parseJson(json as string, `the data of --publish ${channel}`),
  }));
  if (!subscribe.length && !publish.length) throw new UsageError('"rxwire bayeux" needs --subscribe <channel> or --publish <channel> <json>');
  return { kind: 'bayeux', url, subscribe, publish, timeoutMs: timeoutOf(tokens), ...inspectOf(tokens) };
}

function parseRpc(args: readonly string[]): RpcCommand {
  const tokens = tokenize('rpc', args);
  const url = urlOf('rpc', tokens.positionals);
  const protocol = lastValue(tokens, '--protocol') ?? 'aio-openapi';
  if (!protocols.includes(protocol as ProtocolName)) throw new UsageError(`--protocol is one of ${protocols.join(', ')}, not "${protocol}"`);
  const [verb, method, json, ...rest] = tokens.positionals;
  if (verb !== 'call') throw new UsageError(verb === undefined ? '"rxwire rpc" needs: call <method> [<json>]' : `unknown rpc command "${verb}" (try: call)`);
  if (method === undefined) throw new UsageError('"rxwire rpc call" needs a method');
  noMore('rpc', rest);
  const payload = json === undefined ? undefined : parseJson(json, `the payload of ${method}`);
  if (protocol === 'aiorest-ws' && typeof (payload as { url?: unknown } | null | undefined)?.url !== 'string') {
    throw new UsageError('aiorest-ws: the JSON after the verb is {"url": "/path", "args"?: {...}, "data"?: ...}');
  }
  return {
    kind: 'rpc',
    url,
    protocol: protocol as ProtocolName,
    method,
    ...(json === undefined ? {} : { payload }),
    timeoutMs: timeoutOf(tokens),
    ...inspectOf(tokens),
  };
}

function parseWs(args: readonly string[]): WsCommand {
  const tokens = tokenize('ws', args);
  const url = urlOf('ws', tokens.positionals);
  noMore('ws', tokens.positionals);
  return { kind: 'ws', url, timeoutMs: timeoutOf(tokens), ...inspectOf(tokens) };
}

const parsers: Record<CommandName, (args: readonly string[]) => CliCommand> = { bayeux: parseBayeux, rpc: parseRpc, ws: parseWs };

/**
 * Reads a command line (the arguments after `rxwire`). Pure: throws a {@link UsageError} on anything
 * it cannot understand; whether the url answers is for the command to find out.
 *
 * @example
 * ```ts
 * parseArgs(['bayeux', 'http://127.0.0.1:8081/bayeux', '--subscribe', '/chat/*']);
 * // { kind: 'bayeux', url: 'http://127.0.0.1:8081/bayeux', subscribe: ['/chat/*'], publish: [], timeoutMs: 5000 }
 * ```
 */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help' || args.includes('--help') || args.includes('-h')) {
    return { kind: 'help' };
  }
  const parse = Object.hasOwn(parsers, name) ? parsers[name as CommandName] : undefined;
  if (!parse) throw new UsageError(`unknown command "${name}"`);
  return parse(args);
}
