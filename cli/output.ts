/**
 * What every command shares: parsing numbers, failing with a coded error, logging, tables.
 */
import { InvalidArgumentError } from 'commander'
import pino, { type Logger } from 'pino'
import { OtaError, isOtaError } from '../proto/index.js'

/** Prints an error as `error [CODE]: message` on stderr and exits: 2 for bad arguments, 1 otherwise. */
export function fail (e: unknown): never {
  const err = isOtaError(e) ? e : new OtaError('OTA_IO', e instanceof Error ? e.message : String(e), { cause: e })
  process.stderr.write(`error [${err.code}]: ${err.message}\n`)
  process.exit(err.code === 'OTA_INVALID_ARGUMENT' ? 2 : 1)
}

/** A commander argument parser for integers within [min, max]. */
export function intArg (min: number, max: number) {
  return (v: string): number => {
    const n = Number(v)
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
    return n
  }
}

/** A pino logger to stderr at `level` (JSON lines; stable fields added by child loggers). */
export function stderrLogger (level: pino.LevelWithSilent, name: string): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2))
}

/** Renders rows as an aligned text table with a header row. */
export function table (header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}
