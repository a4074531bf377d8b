/**
 * The broker's answer to an operator's release publication (ota.proto `AdminResult`).
 */
import { Limits } from '../limits.js'
import { decodeWith, limit, pb } from './rules.js'

/** The broker's answer to an operator's release publication. */
export interface AdminResult { ok: boolean, code: string, detail: string, model: string, version: string, artifact: Uint8Array, sequence: number }

/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`
 */
export function decodeAdminResult (bytes: Uint8Array): AdminResult {
  limit(bytes, Limits.adminResult, 'admin result')
  const m = decodeWith(() => pb.AdminResult.decode(bytes), 'admin result')
  return { ok: m.ok, code: m.code, detail: m.detail, model: m.model, version: m.version, artifact: m.artifact, sequence: Number(m.sequence) }
}

/** Encodes an admin result. */
export function encodeAdminResult (r: AdminResult): Uint8Array {
  return pb.AdminResult.encode(r).finish()
}
