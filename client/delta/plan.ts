/**
 * Where a device gets a release's image from: a delta from the image it runs, the compressed
 * image, or the image itself, smallest first. The device tries them in order and falls back to
 * the next on a failure of the patch path (client/update.ts, `obtain`).
 */
import { toHex, type Artifact, type Delta, type Manifest } from '../../proto/index.js'
import { DELTA_ALGORITHMS } from '../../proto/delta/dispatch.js'

/** Patch algorithms this device applies (proto/delta: `bsdiff-brotli`, `bsdiff-lz-brotli`). */
export const SUPPORTED_ALGORITHMS: ReadonlySet<string> = new Set(DELTA_ALGORITHMS)

/** One way to obtain the image. */
export interface ImageSource {
  /** `delta`: a patch from the running image; `compressed`: the compressed image; `image`: the image as is */
  kind: 'delta' | 'compressed' | 'image'
  /** what is downloaded */
  artifact: Artifact
  /** lowercase hex of `artifact.sha256`: its wire id and its name in the state file */
  id: string
  /** the manifest entry of a patch; null for `image` */
  delta: Delta | null
}

/**
 * The sources of `m`'s image this device can use, in the order to try them: the delta whose
 * base is the running image (by SHA-256), when its algorithm is supported; the compressed image,
 * when supported; the image, always last. Patches are left out when `usePatches` is false.
 * @param activeSha256 - lowercase hex SHA-256 of the image the device runs (the base a delta must name)
 */
export function imageSources (m: Manifest, activeSha256: string, usePatches = true): ImageSource[] {
  const out: ImageSource[] = []
  const patch = (kind: 'delta' | 'compressed', d: Delta): ImageSource => ({ kind, artifact: d.patch, id: toHex(d.patch.sha256), delta: d })
  if (usePatches) {
    const d = m.deltas.find((x) => toHex(x.baseSha256) === activeSha256 && SUPPORTED_ALGORITHMS.has(x.algorithm))
    if (d !== undefined) out.push(patch('delta', d))
    const c = m.compressedImage
    if (c !== null && SUPPORTED_ALGORITHMS.has(c.algorithm)) out.push(patch('compressed', c))
  }
  out.push({ kind: 'image', artifact: m.image, id: toHex(m.image.sha256), delta: null })
  return out
}

/** How a source is named in status details and logs, e.g. `delta from 1.0.0`. */
export function sourceName (s: ImageSource): string {
  return s.kind === 'delta' ? `delta from ${s.delta!.baseVersion}` : s.kind === 'compressed' ? 'compressed image' : 'image'
}
