/**
 * `/sbom/<sha256 hex>`: the SBOM (CycloneDX or SPDX JSON) of a release, from
 * `<dataDir>/sboms/<hex>.json`, where the broker keeps the SBOM a bundle carries.
 *
 * The name is taken only when it is exactly 64 lowercase hex digits, so no request can name
 * another file; the file is served only when its SHA-256 is that name, so what the page links
 * is what the signed manifest names (a file altered on disk is refused, not served).
 */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, sha256, toHex, toOtaError } from '../../proto/index.js'
import { SHA256_HEX } from './views.js'

/** Folder of the SBOM files, under the plugin's data folder. */
export const SBOM_DIR = 'sboms'

/**
 * What reading one SBOM gave. `reason` is what the client is told; a 500's cause (which names the
 * file's absolute path) is in `err`, for the operational log only.
 */
export type SbomLookup =
  | { found: true, bytes: Buffer }
  | { found: false, status: 404 | 413, reason: string }
  | { found: false, status: 500, reason: string, err: OtaError }

/** The body of every 500: the cause stays in the log (it names paths on the broker host). */
export const SBOM_UNAVAILABLE = 'the SBOM cannot be served'

/**
 * Reads the SBOM named by `hex`.
 * @param dataDir - the plugin's data folder
 * @param maxBytes - largest file served, bytes
 */
export async function readSbom (dataDir: string, hex: string, maxBytes: number): Promise<SbomLookup> {
  if (!SHA256_HEX.test(hex)) return { found: false, status: 404, reason: 'not a lowercase SHA-256 hex digest' }
  const path = join(dataDir, SBOM_DIR, `${hex}.json`)
  try {
    const st = await stat(path)
    if (!st.isFile()) return { found: false, status: 404, reason: 'not a file' }
    if (st.size > maxBytes) return { found: false, status: 413, reason: `larger than ${maxBytes} bytes` }
    const bytes = await readFile(path)
    if (toHex(sha256(bytes)) !== hex) {
      return { found: false, status: 500, reason: SBOM_UNAVAILABLE, err: new OtaError('OTA_IO', `the SBOM file ${path} does not match its digest`) }
    }
    return { found: true, bytes }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, status: 404, reason: 'no such SBOM' }
    return { found: false, status: 500, reason: SBOM_UNAVAILABLE, err: toOtaError(e, 'OTA_IO', `cannot read the SBOM file ${path}`) }
  }
}
