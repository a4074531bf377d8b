/**
 * A device's chunk request on `<p>/d/<id>/req`: decoded, checked against the current release
 * of the device's model, and queued for paced delivery. Never forwarded.
 */
import type { Client } from 'aedes'
import { OtaError, decodeChunkRequest, requestedIndexes, toHex } from '../../proto/index.js'
import type { PluginContext } from '../context.js'

/** Refused requests a connection may make before it is closed: enough for a device to notice a superseded release. */
const MAX_REFUSED = 16
const refusedCount = new WeakMap<Client, number>()

/**
 * @throws OtaError `OTA_DECODE`/`OTA_FIELD`/`OTA_TOO_LARGE` for a malformed request, and
 *   `OTA_UNKNOWN_ARTIFACT` once a connection asked for too many artifacts it may not have
 *   (the caller closes the connection: MQTT 3.1.1 has no negative acknowledgement)
 */
export function handleChunkRequest (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): void {
  const req = decodeChunkRequest(payload)
  const release = ctx.store.current(device.model)
  const artifactId = toHex(req.artifact)
  if (release === undefined || release.artifactId !== artifactId) {
    const n = (refusedCount.get(client) ?? 0) + 1
    refusedCount.set(client, n)
    const err = new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not the current release of model ${device.model}`)
    if (n > MAX_REFUSED) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `${n} requests for artifacts this device may not have`)
    ctx.audit.write('request.refused', 'failure', { deviceId: device.id, model: device.model, code: err.code, artifact: artifactId })
    ctx.sender.sendError(client, device.id, req.artifact, err)
    return
  }
  ctx.sender.enqueue(client, device, release.artifactId, requestedIndexes(req, release.count))
}
