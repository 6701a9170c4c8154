// runCli's paths that need no server: help, usage errors and failures found before connecting.
// The commands against real servers are in packages/cli/test/.
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

async function run(argv: string[], signal = new AbortController().signal) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), signal });
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('prints the usage on stdout and exits 0 without arguments or with --help', async () => {
    for (const argv of [[], ['--help']]) {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(0);
      expect(stdout.join('\n')).toMatch(/^rxwire: .*\n\nUsage:\n {2}rxwire bayeux <url>/);
      expect(stderr).toEqual([]);
    }
  });

  it('exits 2 with one line and a hint on a command line it cannot read', async () => {
    expect(await run(['tail', 'x'])).toEqual({ code: 2, stdout: [], stderr: ['rxwire: unknown command "tail" (rxwire --help shows the usage)'] });
    expect(await run(['rpc', 'ws://127.0.0.1:8082/stream', '--protocol', 'aiorest-ws', 'call', 'GET', '{}'])).toEqual({
      code: 2,
      stdout: [],
      stderr: [expect.stringMatching(/^rxwire: aiorest-ws: the JSON after the verb is \{"url"/)],
    });
  });

  it('exits 1 with one line when the client rejects the url', async () => {
    const { code, stdout, stderr } = await run(['ws', 'ftp://127.0.0.1:8082/stream']);
    expect(code).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([expect.stringMatching(/^rxwire: TypeError: .*"url"/)]);
  });

  it('exits 0 without connecting when it is stopped before it starts', async () => {
    const stopped = new AbortController();
    stopped.abort();
    expect(await run(['ws', 'ws://127.0.0.1:8082/stream'], stopped.signal)).toEqual({ code: 0, stdout: [], stderr: [] });
  });
});
