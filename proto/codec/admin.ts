/**
 * The broker's answer to an operator's release publication (ota.proto `AdminResult`).
 */
import type { ota } from '../gen/ota.js'
import { Limits } from '../limits.js'
import { decodeWith, limit, pb } from './rules.js'

/** The broker's answer to an operator's release publication. */
export interface AdminResult { ok: boolean, code: string, detail: string, model: string, version: string, artifact: Uint8Array, sequence: number }

/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`
 */
export function decodeAdminResult (bytes: Uint8Array): AdminResult {
  limit(bytes, Limits.adminResult, 'admin result')
  return adminResultFrom(decodeWith(() => pb.AdminResult.decode(bytes), 'admin result'))
}

/** The plain {@link AdminResult} of a decoded protobuf message (also carried inside an AdminAnswer). */
export function adminResultFrom (m: ota.v1.IAdminResult): AdminResult {
  return { ok: m.ok ?? false, code: m.code ?? '', detail: m.detail ?? '', model: m.model ?? '', version: m.version ?? '', artifact: m.artifact ?? new Uint8Array(0), sequence: Number(m.sequence ?? 0) }
}

/** Encodes an admin result. */
export function encodeAdminResult (r: AdminResult): Uint8Array {
  return pb.AdminResult.encode(r).finish()
}
