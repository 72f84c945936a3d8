#!/usr/bin/env node
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { ClientOptions } from './app/client-options.js';
import { checkRoomName } from './server/core/chat-names.js';
import { defaultServerOptions, type ServerOptions } from './server/core/server-options.js';
import { checkExhaustive } from './shared/check-exhaustive.js';
import { isCodedError } from './shared/error-code.js';
import type { ExitStatus } from './shared/exit-status.js';
import { parseEndpoint, type TransportKind } from './shared/target.js';
import { encodingName } from './protocol/encoding-name.js';
import { version } from './shared/version.js';

/** A mistake in the command line: one line of explanation, usage, exit code 2. */
class UsageError extends Error {
  readonly code = 'EUSAGE';
}

function integer(name: string, min: number, max: number) {
  return (value: unknown): number => {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(
        `--${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
      );
    }
    return n;
  };
}

function clientOptions<T>(y: Argv<T>) {
  return y
    .option('crlf', {
      type: 'boolean',
      default: false,
      describe: 'End sent lines with CRLF instead of LF',
    })
    .option('connect-timeout', {
      requiresArg: true,
      default: 10,
      describe: 'Seconds to wait for a connection',
      coerce: integer('connect-timeout', 1, 3600),
    })
    .option('reconnect', {
      type: 'boolean',
      default: true,
      describe: 'Reconnect with backoff when the connection drops (--no-reconnect: stay down)',
    })
    .option('timestamps', {
      type: 'boolean',
      default: false,
      describe: 'Show a time on each output line',
    })
    .option('scrollback', {
      requiresArg: true,
      default: 100_000,
      describe: 'Lines of output kept',
      coerce: integer('scrollback', 100, 10_000_000),
    })
    .option('bell', {
      type: 'boolean',
      default: false,
      describe: 'Ring the terminal bell when a chat line mentions your nick',
    })
    .option('log', {
      type: 'string',
      describe: 'Append the transcript (time, direction, text) to FILE',
    })
    .option('log-raw', {
      type: 'string',
      requiresArg: true,
      describe: 'Append every byte the server sends, as received, to FILE',
    })
    .option('tls', {
      type: 'boolean',
      default: false,
      describe: 'Connect over TLS, checking the certificate (same as a tls:// target)',
    })
    .option('ca', {
      type: 'string',
      requiresArg: true,
      describe: 'With --tls: also trust the CA certificates in this PEM FILE',
    })
    .option('servername', {
      type: 'string',
      requiresArg: true,
      describe: 'With --tls: the name to ask for (SNI) and check (default: the host)',
    })
    .option('insecure', {
      type: 'boolean',
      default: false,
      describe: 'With --tls: connect even if the certificate does not verify',
    })
    .option('udp', {
      type: 'boolean',
      default: false,
      describe: 'Send each line as one UDP datagram (same as a udp:// target)',
    })
    .option('telnet', {
      type: 'boolean',
      describe: 'Speak telnet from the start (default: once the server negotiates)',
    })
    .option('raw', {
      type: 'boolean',
      describe: 'Never speak telnet: every byte the server sends is data',
    })
    .option('encoding', {
      type: 'string',
      requiresArg: true,
      default: 'utf-8',
      describe:
        "The server's character encoding (gbk, gb18030, big5, shift_jis, euc-kr, latin1...)",
    })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      describe: 'Piped mode: say on stderr how the connection went (TLS session, ...)',
    });
}

interface ClientArgs {
  target?: string | undefined;
  crlf: boolean;
  'connect-timeout': number;
  reconnect: boolean;
  timestamps: boolean;
  scrollback: number;
  bell: boolean;
  log?: string | undefined;
  'log-raw'?: string | undefined;
  tls: boolean;
  ca?: string | undefined;
  servername?: string | undefined;
  insecure: boolean;
  udp: boolean;
  encoding: string;
  telnet?: boolean | undefined;
  raw?: boolean | undefined;
  verbose: boolean;
}

/** The transport the flags and the target's scheme ask for, when they agree. */
function chooseTransport(argv: ClientArgs, scheme: TransportKind | undefined): TransportKind {
  if (argv.tls && argv.udp) {
    throw new UsageError('--tls and --udp do not go together (TLS runs over TCP)');
  }
  const flagged: TransportKind | undefined = argv.tls ? 'tls' : argv.udp ? 'udp' : undefined;
  if (flagged !== undefined && scheme !== undefined && scheme !== flagged) {
    throw new UsageError(`--${flagged} contradicts the ${scheme}:// target`);
  }
  const kind = flagged ?? scheme ?? 'tcp';
  if (kind !== 'tls') {
    for (const name of ['ca', 'servername'] as const) {
      if (argv[name] !== undefined)
        throw new UsageError(`--${name} needs --tls (or a tls:// target)`);
    }
    if (argv.insecure) throw new UsageError('--insecure needs --tls (or a tls:// target)');
  }
  return kind;
}

function toClientOptions(argv: ClientArgs): ClientOptions {
  let target: ClientOptions['target'];
  let scheme: TransportKind | undefined;
  if (argv.target !== undefined) {
    const parsed = parseEndpoint(argv.target);
    if ('error' in parsed) throw new UsageError(parsed.error);
    target = parsed.target;
    scheme = parsed.transport;
  }
  const transport = chooseTransport(argv, scheme);
  if (argv.telnet === true && argv.raw === true) {
    throw new UsageError('--telnet and --raw do not go together');
  }
  if (transport === 'udp' && (argv.telnet === true || argv.raw === true)) {
    throw new UsageError(
      `--${argv.telnet === true ? 'telnet' : 'raw'} is for TCP and TLS, not UDP`,
    );
  }
  const encoding = encodingName(argv.encoding);
  if (typeof encoding !== 'string') throw new UsageError(`--encoding: ${encoding.error}`);
  if (target === undefined && transport !== 'tcp') {
    throw new UsageError(`--${transport} needs a HOST:PORT to connect to`);
  }
  return {
    target,
    transport:
      transport === 'tls'
        ? { type: 'tls', caFile: argv.ca, servername: argv.servername, insecure: argv.insecure }
        : { type: transport },
    verbose: argv.verbose,
    encoding,
    telnet: argv.telnet === true ? 'on' : argv.raw === true ? 'off' : 'auto',
    crlf: argv.crlf,
    connectTimeoutMs: argv['connect-timeout'] * 1000,
    reconnect: argv.reconnect,
    timestamps: argv.timestamps,
    scrollback: argv.scrollback,
    bell: argv.bell,
    logFile: argv.log,
    rawLogFile: argv['log-raw'],
  };
}

function clientCommand(argv: ClientArgs): () => Promise<ExitStatus> {
  const options = toClientOptions(argv);
  return async () => {
    const { runClient } = await import('./app/run-client.js');
    return runClient(options);
  };
}

/** yargs' usage object, as its internals reach it (not in its types). */
interface YargsInternals {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } };
}

function skipHelpCache(parser: Argv): void {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage !== undefined) usage.cacheHelpMessage = () => {};
}

async function main(): Promise<ExitStatus> {
  let run: (() => Promise<ExitStatus>) | undefined;
  const parser = yargs(hideBin(process.argv))
    .scriptName('tcpchat')
    .usage(
      '$0 [HOST:PORT]\n\nA terminal client for line-based TCP services, and the server it ships with.',
    )
    .command(
      'serve',
      'Run the multi-client line server',
      (y) =>
        y
          .option('host', {
            type: 'string',
            default: defaultServerOptions.host,
            describe: 'Address to listen on',
          })
          .option('port', {
            requiresArg: true,
            default: defaultServerOptions.port,
            describe: 'Port to listen on (0 picks a free one)',
            coerce: integer('port', 0, 65535),
          })
          .option('root', {
            type: 'string',
            default: '.',
            describe: 'The only directory tree `ls` may show',
          })
          .option('max-clients', {
            requiresArg: true,
            default: defaultServerOptions.maxClients,
            describe: 'Connections served at once; more are told the server is full',
            coerce: integer('max-clients', 1, 1_000_000),
          })
          .option('max-line', {
            requiresArg: true,
            default: defaultServerOptions.maxLine,
            describe: 'Longest accepted line in bytes',
            coerce: integer('max-line', 16, 16 * 1024 * 1024),
          })
          .option('idle-timeout', {
            requiresArg: true,
            default: defaultServerOptions.idleTimeoutMs / 1000,
            describe: 'Seconds of silence before a client is closed (0 = never)',
            coerce: integer('idle-timeout', 0, 86_400 * 365),
          })
          .option('partial-flush', {
            requiresArg: true,
            default: defaultServerOptions.partialFlushMs,
            describe:
              'Milliseconds before a line without newline is answered (0 = wait for newline)',
            coerce: integer('partial-flush', 0, 60_000),
          })
          .option('room', {
            type: 'string',
            describe: 'Put every connection in this chat room at connect (e.g. class)',
            coerce: (value: unknown) => {
              const room = checkRoomName(String(value));
              if (!room.ok) throw new UsageError(`--room ${String(value)}: ${room.why}`);
              return room.name;
            },
          })
          .option('max-sendq', {
            requiresArg: true,
            default: defaultServerOptions.maxSendq,
            describe: 'Bytes queued for one client before it is cut off as too slow',
            coerce: integer('max-sendq', 1024, 1024 * 1024 * 1024),
          })
          .option('max-rate', {
            requiresArg: true,
            default: defaultServerOptions.maxRate,
            describe: 'Chat lines, nick changes and joins per second per client (0 = no limit)',
            coerce: integer('max-rate', 0, 1_000_000),
          })
          .option('tls-cert', {
            type: 'string',
            requiresArg: true,
            describe: 'Serve over TLS with this PEM certificate (chain); needs --tls-key',
          })
          .option('tls-key', {
            type: 'string',
            requiresArg: true,
            describe: 'The PEM private key of --tls-cert',
          })
          .option('udp', {
            type: 'boolean',
            default: false,
            describe: 'Also answer UDP datagrams (OK... and the text), on the same port',
          })
          .option('udp-port', {
            requiresArg: true,
            describe: 'The UDP port, if not the TCP one (implies --udp)',
            coerce: integer('udp-port', 0, 65535),
          })
          .option('udp-rate', {
            requiresArg: true,
            default: defaultServerOptions.udpRate,
            describe:
              'UDP replies per second per source address; the rest are dropped (0 = no limit)',
            coerce: integer('udp-rate', 0, 1_000_000),
          })
          .option('redis', {
            type: 'string',
            requiresArg: true,
            describe:
              'Share rooms and nicknames with the other servers on this Redis: redis://[:PASSWORD@]HOST:PORT[/DB] (rediss:// for TLS)',
          })
          .option('redis-optional', {
            type: 'boolean',
            default: false,
            describe: 'Start even if --redis cannot be reached (serve alone, keep trying)',
          })
          .check((argv) => {
            if (argv['redis-optional'] && argv.redis === undefined) {
              throw new UsageError('--redis-optional needs --redis URL');
            }
            if ((argv['tls-cert'] === undefined) !== (argv['tls-key'] === undefined)) {
              throw new UsageError('--tls-cert and --tls-key go together: give both, or neither');
            }
            return true;
          }),
      (argv) => {
        const options: ServerOptions = {
          host: argv.host,
          port: argv.port,
          root: argv.root,
          maxClients: argv['max-clients'],
          maxLine: argv['max-line'],
          idleTimeoutMs: argv['idle-timeout'] * 1000,
          partialFlushMs: argv['partial-flush'],
          maxSendq: argv['max-sendq'],
          maxRate: argv['max-rate'],
          room: argv.room,
          tlsCert: argv['tls-cert'],
          tlsKey: argv['tls-key'],
          handshakeTimeoutMs: defaultServerOptions.handshakeTimeoutMs,
          udp: argv.udp || argv['udp-port'] !== undefined,
          udpPort: argv['udp-port'],
          udpRate: argv['udp-rate'],
          redis: argv.redis,
          redisOptional: argv['redis-optional'],
          redisLostAfterMs: defaultServerOptions.redisLostAfterMs,
        };
        run = async () => {
          const { runServe } = await import('./server/run-serve.js');
          return runServe(options);
        };
      },
    )
    .command(
      'connect [target]',
      'Connect to HOST:PORT (any line-based TCP service)',
      (y) => clientOptions(y).positional('target', { type: 'string', describe: 'HOST:PORT' }),
      (argv) => {
        run = clientCommand(argv);
      },
    )
    .command(
      '$0 [target]',
      'Start the bundled server and connect to it (or to HOST:PORT)',
      (y) => clientOptions(y).positional('target', { type: 'string', describe: 'HOST:PORT' }),
      (argv) => {
        run = clientCommand(argv);
      },
    )
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .fail((message, error) => {
      // Handlers only parse, so anything failing here (yargs' own checks or a coerce) is a
      // command-line mistake.
      throw new UsageError(error?.message ?? message);
    });

  // After a named command's handler runs, yargs renders that command's whole help and keeps
  // it, in case a later failure wants to show it. Ours never does (handlers only choose what
  // to run; mistakes fail before them), and the rendering was a fifth of start-up.
  skipHelpCache(parser);
  try {
    await parser.parseAsync();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Usage first, the complaint last: it stays right above the next prompt.
    parser.showHelp((usage: string) =>
      process.stderr.write(`${usage}\n\ntcpchat: ${error.message}\n`),
    );
    return { code: 2, end: 'drain' };
  }
  return run ? run() : { code: 0, end: 'drain' };
}

/** How long `force` lets the process finish on its own before exiting anyway. */
const EXIT_GRACE_MS = 500;

/** Ends the process the way the command asked (this is the only place that does). */
function end({ code, end }: ExitStatus): void {
  process.exitCode = code;
  switch (end) {
    case 'drain':
      return;
    case 'force':
      setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
      return;
    case 'hangup':
      // At exit Node puts the terminal back in its original mode and aborts when that fails,
      // as it does once the terminal is gone (EIO). Ending by the signal itself, once
      // everything is closed, skips that and reports the hang-up to the shell.
      process.once('exit', () => {
        // Listeners left by libraries (signal-exit) would catch it and let the exit go on.
        process.removeAllListeners('SIGHUP');
        process.kill(process.pid, 'SIGHUP');
      });
      return;
    default:
      checkExhaustive(end);
  }
}

main().then(end, (error: unknown) => {
  // Errors with a code are expected failures (port in use, bad root): one line, no stack.
  if (isCodedError(error)) {
    process.stderr.write(`tcpchat: ${error.message}\n`);
  } else {
    process.stderr.write(
      `tcpchat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  end({ code: 1, end: 'force' });
});
