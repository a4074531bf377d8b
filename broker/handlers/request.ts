/**
 * A device's chunk request on `<p>/d/<id>/req`: decoded, checked against the current release
 * of the device's model, and handed to the sender for paced delivery. Never forwarded.
 */
import type { Client } from 'aedes'
import { OtaError, decodeChunkRequest, requestedIndexes, toHex } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { errorFrame } from '../sender.js'
import type { Outcome } from './outcome.js'

/** Refused requests a connection may make before it is closed: enough for a device to notice a superseded release. */
const MAX_REFUSED = 16

/**
 * @returns the chunks to serve, or an error frame for the device and a `request.refused` audit line
 * @throws OtaError `OTA_DECODE`/`OTA_FIELD`/`OTA_TOO_LARGE` for a malformed request, and
 *   `OTA_UNKNOWN_ARTIFACT` once a connection asked for too many artifacts it may not have
 *   (the caller closes the connection: MQTT 3.1.1 has no negative acknowledgement)
 */
export function handleChunkRequest (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): Outcome {
  const req = decodeChunkRequest(payload)
  const release = ctx.store.current(device.model)
  const artifactId = toHex(req.artifact)
  if (release === undefined || release.artifactId !== artifactId) {
    const n = (ctx.refusedRequests.get(client) ?? 0) + 1
    ctx.refusedRequests.set(client, n)
    if (n > MAX_REFUSED) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `${n} requests for artifacts this device may not have`)
    const err = new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not the current release of model ${device.model}`)
    return {
      audit: [{ event: 'request.refused', outcome: 'failure', fields: { deviceId: device.id, model: device.model, code: err.code, artifact: artifactId } }],
      publish: [{ ...errorFrame(ctx.topics, device.id, req.artifact, err), to: client }]
    }
  }
  return { serve: { client, device, artifactId: release.artifactId, indexes: requestedIndexes(req, release.count) } }
}
