// The `rxwire` executable: runCli with the process's streams and signals. Everything else is in
// runCli, which tests drive without a process.
import { runCli } from './runCli.js';
import { stopOnSignals } from './stopOnSignals.js';

const stopping = new AbortController();
// The handlers stay for the life of the process: a copy of the same Ctrl-C that arrives after the
// client closed must not reach Node's default action (death by SIGINT instead of exit code 0).
stopOnSignals({
  stop: () => stopping.abort(),
  // A second Ctrl-C: the user does not want to wait for a goodbye to a server that does not answer.
  force: () => process.exit(130),
});
// `rxwire ... | head`: once the reader is gone there is nobody to print for; stop as on Ctrl-C.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') stopping.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: stopping.signal,
});
process.exitCode = code;
// The client is closed, so the process ends by itself; this only guards against a leftover handle.
setTimeout(() => process.exit(code), 2000).unref();
