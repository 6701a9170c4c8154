/** The text of `rxwire --help`. */
export const usage = `rxwire: real-time wires on the command line. One JSON value per line on stdout; diagnostics on stderr.

Usage:
  rxwire bayeux <url> --subscribe <channel> [--subscribe <channel> ...] [--publish <channel> <json>]
      Subscribes (wildcards: /a/* and /a/**) and prints each message as {"channel": ..., "data": ...}.
      --publish sends one message after every subscription is confirmed (alone, it publishes and exits).
  rxwire rpc <url> [--protocol aio-openapi|json-rpc|aiorest-ws] call <method> [<json>]
      Calls a method and prints its result. aiorest-ws: <method> is the HTTP verb and <json> is
      {"url": "/path", "args"?: {...}, "data"?: ...}. Default protocol: aio-openapi.
  rxwire ws <url>
      Prints every frame as it arrives: JSON as it is, other text as {"text": ...}, binary as {"binary": <base64>}.

Options:
  --timeout <ms>   how long to wait for a connection, and for an RPC reply (default 5000)
  --inspect        also print the wire events (frames in and out, states, errors, calls and replies,
                   credentials redacted), one {"inspect": {...}} line each
  -h, --help       this text

Ctrl-C closes the connection and exits 0; a second Ctrl-C (a second later) exits at once.
Exit codes: 0 done, 1 connection or server failure (one line on stderr), 2 bad command line.

Examples (against the demo started by \`npm start\`):
  rxwire bayeux http://127.0.0.1:8081/bayeux --subscribe '/chat/*' --publish /chat/demo '{"author":"cli","text":"hi"}'
  rxwire rpc ws://127.0.0.1:8082/stream call add '{"a":1,"b":2}'
  rxwire ws ws://127.0.0.1:8082/stream
`;
