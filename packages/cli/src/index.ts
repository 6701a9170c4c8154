// @rxwire/cli: the `rxwire` command (bin), and the pieces it is made of for scripts that embed it.
export { runCli } from './runCli.js';
export type { CliIo } from './runCli.js';
export { parseArgs, DEFAULT_TIMEOUT_MS } from './parseArgs.js';
export type { CliCommand, BayeuxCommand, RpcCommand, WsCommand } from './parseArgs.js';
export { UsageError } from './usageError.js';
export { describeError } from './describeError.js';
export { stopOnSignals } from './stopOnSignals.js';
export type { StopOnSignalsOptions } from './stopOnSignals.js';
export { usage } from './usage.js';
