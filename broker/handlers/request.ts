/**
 * A device's chunk request on `<p>/d/<id>/req`: decoded, checked against the artifacts the
 * device's model may fetch, and queued for paced delivery. Never forwarded.
 */
import type { Client } from 'aedes'
import { OtaError, chunkCount, decodeChunkRequest, requestedIndexes, toHex } from '../../proto/index.js'
import type { PluginContext } from '../context.js'

/**
 * @throws OtaError `OTA_DECODE`/`OTA_FIELD`/`OTA_TOO_LARGE` for a malformed request (the
 *   caller closes the connection: MQTT 3.1.1 has no negative acknowledgement)
 */
export function handleChunkRequest (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): void {
  const req = decodeChunkRequest(payload)
  const release = ctx.store.find(req.artifact)
  if (release === undefined || release.manifest.model !== device.model) {
    const err = new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${toHex(req.artifact)} is not served to model ${device.model}`)
    ctx.audit.write('request.refused', 'failure', { deviceId: device.id, model: device.model, code: err.code, artifact: toHex(req.artifact) })
    ctx.sender.sendError(client, device.id, req.artifact, err)
    return
  }
  const a = release.manifest.image
  const indexes = requestedIndexes(req, chunkCount(a.size, a.chunkSize))
  ctx.sender.enqueue(client, device.id, release.artifactId, indexes)
}
