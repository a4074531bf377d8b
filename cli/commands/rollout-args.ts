/**
 * Parsing the `rollout` commands' options: shares (`95%` or `0.95`), wave lists (`1%,10%,100%`)
 * and device lists, into a {@link RolloutSpecInput}. Durations are the client's `parseDuration`
 * (`500ms`, `30s`, `15m`, `2h`), through `durationArg` in cli/options.ts.
 * Syntax only: the broker's `resolveRolloutSpec` judges the values (ascending waves, success in
 * (0, 1], ...), and the command calls it before it connects, so a bad spec is a usage error.
 */
import { InvalidArgumentError } from 'commander'
import { isIdentifier } from '../../proto/index.js'
import type { RolloutSpecInput } from '../../broker/index.js'

/**
 * A share: a percentage with `%` (`95%`, `0.5%`: 0 to 100) or a fraction (`0.95`: 0 to 1).
 * @returns the fraction, 0 to 1
 * @throws InvalidArgumentError for anything else
 */
export function parseShare (v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(v)
  const n = m === null ? NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1)
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a share such as 95% or 0.95 (0 to 100 %), got ${JSON.stringify(v)}`)
  return n
}

/**
 * A comma-separated list of cumulative wave shares, e.g. `1%,10%,50%,100%`.
 * @throws InvalidArgumentError for an empty list or an entry {@link parseShare} refuses
 */
export function parseWaves (v: string): number[] {
  const parts = v.split(',').map((s) => s.trim())
  if (parts.length === 0 || parts.some((s) => s === '')) throw new InvalidArgumentError(`expected comma-separated shares such as 1%,10%,100%, got ${JSON.stringify(v)}`)
  return parts.map(parseShare)
}

/**
 * A comma-separated list of device ids.
 * @throws InvalidArgumentError for an empty list or an entry that is not a device id
 */
export function parseDeviceList (v: string): string[] {
  const ids = v.split(',').map((s) => s.trim())
  const bad = ids.find((s) => !isIdentifier(s))
  if (bad !== undefined) throw new InvalidArgumentError(`expected comma-separated device ids, got ${JSON.stringify(bad)}`)
  return [...new Set(ids)]
}

/** What the spec options of `rollout start` and `rollout plan` hold after parsing. */
export interface SpecArgs {
  waves: number[]
  success?: number
  maxFailures?: number
  minDevices?: number
  waveTimeout?: number
  confirmTimeout?: number
  devices?: string[]
  group?: string
}

/** The spec the options name; options not given stay unset (the broker's defaults apply). */
export function specOf (o: SpecArgs): RolloutSpecInput {
  return {
    waves: o.waves,
    ...(o.success !== undefined ? { success: o.success } : {}),
    ...(o.maxFailures !== undefined ? { maxFailures: o.maxFailures } : {}),
    ...(o.minDevices !== undefined ? { minDevices: o.minDevices } : {}),
    ...(o.waveTimeout !== undefined ? { waveTimeoutMs: o.waveTimeout } : {}),
    ...(o.confirmTimeout !== undefined ? { confirmTimeoutMs: o.confirmTimeout } : {}),
    ...(o.devices !== undefined ? { devices: o.devices } : {}),
    ...(o.group !== undefined ? { group: o.group } : {})
  }
}
