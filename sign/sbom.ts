/**
 * The SBOM a release may carry: recognised by its own format markers, never trusted further
 * (the manifest signs its digest; what it says is the builder's responsibility).
 */
import { OtaError } from '../proto/errors.js'
import type { SbomFormat } from '../proto/codec.js'
import { Limits } from '../proto/limits.js'

/**
 * Tells which SBOM format `bytes` hold: CycloneDX JSON (`"bomFormat": "CycloneDX"` with a
 * `specVersion`, CycloneDX 1.x specification, "Document") or SPDX JSON (`"spdxVersion":
 * "SPDX-2.x"` with an `SPDXID`, SPDX 2.3 section 6).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty or oversized file (over
 *   {@link Limits.maxSbomSize} bytes), JSON that does not parse, or neither format
 */
export function sbomFormatOf (bytes: Uint8Array): SbomFormat {
  if (bytes.length === 0 || bytes.length > Limits.maxSbomSize) throw new OtaError('OTA_INVALID_ARGUMENT', `an SBOM must be 1 to ${Limits.maxSbomSize} bytes, this one is ${bytes.length}`)
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (e) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `the SBOM is not UTF-8 JSON: ${(e as Error).message}`)
  }
  const d = (doc !== null && typeof doc === 'object' ? doc : {}) as Record<string, unknown>
  if (d.bomFormat === 'CycloneDX' && typeof d.specVersion === 'string') return 'cyclonedx+json'
  if (typeof d.spdxVersion === 'string' && d.spdxVersion.startsWith('SPDX-') && typeof d.SPDXID === 'string') return 'spdx+json'
  throw new OtaError('OTA_INVALID_ARGUMENT', 'the SBOM is neither CycloneDX JSON (bomFormat "CycloneDX") nor SPDX JSON (spdxVersion "SPDX-2.x")')
}
