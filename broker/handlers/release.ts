/**
 * An operator's release bundle on `<p>/admin/<op>/release`: verified and stored by the
 * release store, announced as the model's retained manifest, and answered with an
 * AdminResult on `<p>/admin/<op>/result`. Never forwarded.
 */
import { encodeAdminResult, toOtaError, type AdminResult } from '../../proto/index.js'
import type { PluginContext } from '../context.js'

/** Verifies, stores and announces an operator's bundle, then answers on the operator's result topic. */
export async function handleReleaseBundle (ctx: PluginContext, operatorId: string, bundle: Uint8Array): Promise<void> {
  let result: AdminResult
  try {
    const r = await ctx.publishRelease(bundle, operatorId)
    result = { ok: true, code: '', detail: `release ${r.manifest.version} announced for ${r.manifest.model}`, model: r.manifest.model, version: r.manifest.version, artifact: r.manifest.image.sha256, sequence: r.manifest.sequence }
  } catch (e) {
    const err = toOtaError(e, 'OTA_IO')
    result = { ok: false, code: err.code, detail: err.message, model: '', version: '', artifact: new Uint8Array(0), sequence: 0 }
  }
  ctx.aedes.publish({ cmd: 'publish', topic: ctx.topics.adminResult(operatorId), payload: Buffer.from(encodeAdminResult(result)), qos: 1, retain: false, dup: false } as never, () => {})
}
