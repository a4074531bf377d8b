/**
 * One error style for the whole command line, and the shared option helpers.
 *
 * Option errors (unknown option, missing required option or argument, a value its parser
 * refuses) print two lines on stderr and exit 2, never the whole help:
 *
 * ```
 * error [OTA_INVALID_ARGUMENT]: required option '--out <dir>' not specified
 * (see aedes-ota pki init --help)
 * ```
 *
 * Errors from a command's action go through `fail` (cli/output.ts): `error [CODE]: message`,
 * exit 2 for `OTA_INVALID_ARGUMENT` (with the same hint line) and 1 for anything else.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { Urgency, type UrgencyValue } from '../proto/index.js'
import { parseDuration } from '../client/consent/duration.js'

/** pino's levels, most to least severe, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number]

/** Exit status of a usage error (bad option or argument), as BSD `sysexits` and most CLIs use. */
export const USAGE_EXIT = 2

/**
 * Wraps a validating function as a commander argument parser: an `OtaError` (or any `Error`) it
 * throws becomes commander's `InvalidArgumentError`, so it prints in the one error style.
 */
export function optionParser<T> (fn: (value: string) => T): (value: string) => T {
  return (value: string): T => {
    try {
      return fn(value)
    } catch (e) {
      throw new InvalidArgumentError(e instanceof Error ? e.message : String(e))
    }
  }
}

/**
 * @returns `v` as a {@link LogLevel}
 * @throws InvalidArgumentError naming the allowed levels
 */
export function parseLogLevel (v: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(', ')}`)
  return v as LogLevel
}

/**
 * The `--log-level <level>` option every command that logs uses: validated against
 * {@link LOG_LEVELS}, so `--log-level loud` is an option error, not a pino crash.
 * @param description - what is logged and where (e.g. `'log level (JSON lines on stderr)'`)
 * @param defaultLevel - the level without the option
 */
export function logLevelOption (description: string, defaultLevel: LogLevel): Option {
  return new Option('--log-level <level>', description).default(defaultLevel).argParser(parseLogLevel)
}

/** The command's full name from the root, e.g. `aedes-ota pki init`, for hints. */
export function commandPath (cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

/** The hint line printed under a usage error. */
export function usageHint (cmd: Command): string {
  return `(see ${commandPath(cmd)} --help)`
}

function onExit (err: CommanderError): never {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0)
  // `aedes-ota pki` without a sub-command prints that command's help, a usage error too.
  process.exit(err.exitCode === 0 ? 0 : USAGE_EXIT)
}

/**
 * Applies the error style to `program` and every command under it, and validates every
 * `--log-level` option with {@link parseLogLevel} (also one declared with `.option()` rather
 * than {@link logLevelOption}: a command cannot forget it). Call after registering commands.
 */
export function applyErrorStyle (program: Command): void {
  const visit = (cmd: Command): void => {
    cmd.exitOverride(onExit)
      .showHelpAfterError(usageHint(cmd))
      .configureOutput({
        outputError: (str, write) => { write(str.replace(/^error: /, 'error [OTA_INVALID_ARGUMENT]: ')) }
      })
    for (const o of cmd.options) {
      if (o.long === '--log-level') {
        o.argParser(parseLogLevel)
        if (o.defaultValue !== undefined) parseLogLevel(String(o.defaultValue))
      }
    }
    for (const sub of cmd.commands) visit(sub)
  }
  visit(program)
}

/** Release urgency names on the command line: proto's `Urgency`, lower case (`optional`, `recommended`, `critical`). */
export const URGENCY: Readonly<Record<string, UrgencyValue>> = Object.fromEntries(Object.entries(Urgency).map(([k, v]) => [k.toLowerCase(), v]))

/**
 * A commander parser for a duration option (`500ms`, `30s`, `15m`, `2h`, `1d` or bare ms), by the
 * client's `parseDuration`, whose refusal becomes an option error naming `what`.
 * @param range - when given, a duration outside [minMs, maxMs] is refused too, the error saying `range.text` (e.g. `1ms to 1d`)
 */
export function durationArg (what: string, range?: { minMs: number, maxMs: number, text: string }): (value: string) => number {
  return optionParser((v) => {
    const ms = parseDuration(v, what)
    if (range !== undefined && (ms < range.minMs || ms > range.maxMs)) throw new Error(`${what} must be from ${range.text}, got ${JSON.stringify(v)}`)
    return ms
  })
}
