/**
 * The pluggable "ours" of bench/delta.ts: any encoder/applier pair of the project is measured
 * through {@link DeltaCandidate}. A candidate lives in an ES module the benchmark imports in a
 * child process (`--candidate MODULE[#EXPORT]`), so its diff and apply run, are timed and have
 * their memory measured apart from the benchmark itself.
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isAbsolute, resolve } from 'node:path'

/**
 * An encoder and its applier. `diff` runs on the release side, `apply` on the device.
 * Both take and give whole images as bytes; `apply(old, diff(old, new))` must equal `new`
 * byte for byte (the benchmark checks).
 */
export interface DeltaCandidate {
  /** label in the benchmark's output, e.g. `full image, brotli` */
  readonly name: string
  /** the patch that turns `oldImage` into `newImage` */
  diff: (oldImage: Uint8Array, newImage: Uint8Array) => Promise<Uint8Array>
  /** the new image rebuilt from `oldImage` and `patch`; throws on a bad patch */
  apply: (oldImage: Uint8Array, patch: Uint8Array) => Promise<Uint8Array>
  /**
   * Optional streaming applier, as a device applies from its active slot into its inactive one:
   * reads `oldPath` and `patchPath`, writes `outPath`. When present the benchmark measures this
   * one (unless `--buffer-apply`), so the apply RSS shows what the streaming path holds.
   */
  applyFile?: (oldPath: string, patchPath: string, outPath: string) => Promise<void>
}

/** The default candidate: the project's patcher (bench/delta/bsdiff-brotli.ts: `encodeDelta`, the device's streaming apply). */
export const DEFAULT_CANDIDATE = `${fileURLToPath(new URL('./bsdiff-brotli.js', import.meta.url))}#bsdiffBrotli`

/** `spec` with its MODULE part made absolute against the current folder (what a child process is given). */
export function absoluteCandidateSpec (spec: string): string {
  const hash = spec.lastIndexOf('#')
  const file = hash >= 0 ? spec.slice(0, hash) : spec
  return (isAbsolute(file) ? file : resolve(file)) + (hash >= 0 ? spec.slice(hash) : '')
}

/**
 * Loads the candidate named by `spec`: `MODULE[#EXPORT]`, MODULE a path to an ES module
 * (relative to the current folder, or absolute), EXPORT the name of its export (default: the
 * module's `default` export, else its `candidate` export).
 * @throws Error when the module has no such export or it is not a {@link DeltaCandidate}
 */
export async function loadCandidate (spec: string): Promise<DeltaCandidate> {
  const hash = spec.lastIndexOf('#')
  const file = hash >= 0 ? spec.slice(0, hash) : spec
  const name = hash >= 0 ? spec.slice(hash + 1) : undefined
  const mod = await import(pathToFileURL(isAbsolute(file) ? file : resolve(file)).href) as Record<string, unknown>
  const c = name !== undefined ? mod[name] : (mod.default ?? mod.candidate)
  if (!isCandidate(c)) throw new Error(`${spec}: no DeltaCandidate export${name !== undefined ? ` named ${name}` : ' (default or candidate)'}`)
  return c
}

function isCandidate (c: unknown): c is DeltaCandidate {
  if (typeof c !== 'object' || c === null) return false
  const o = c as Record<string, unknown>
  return typeof o.name === 'string' && typeof o.diff === 'function' && typeof o.apply === 'function' &&
    (o.applyFile === undefined || typeof o.applyFile === 'function')
}
