/**
 * A device's chunk request on `<p>/d/<id>/req`: decoded, checked against the artifacts (the
 * image, the compressed image, each delta patch) of the current release of the device's model
 * or, for a release a rollout stages, against the rollout's offers (docs/PROTOCOL.md, "Rollouts
 * and offers": the offer gates every artifact of the staged release, known to the rollout by its
 * image's id), and handed to the sender for paced delivery (or to the broadcast, plugin.ts
 * `apply`). Never forwarded.
 */
import type { Client } from 'aedes'
import { OtaError, decodeChunkRequest, requestedIndexes, toHex } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { servableArtifact } from '../servable.js'
import { errorFrame } from '../sender.js'
import type { Outcome } from './outcome.js'

/** Refused requests a connection may make before it is closed: enough for a device to notice a superseded release. */
const MAX_REFUSED = 16

/**
 * Why `artifactId` is refused. `imageId` is the image id of the staged release the artifact
 * belongs to (what the rollout gate knows), or the artifact id itself when it belongs to none.
 */
function refusal (ctx: PluginContext, device: { id: string, model: string }, artifactId: string, imageId: string): OtaError {
  const gate = ctx.rollouts.gate(device.id, device.model, imageId)
  if (gate === 'not-offered') return new OtaError('OTA_NOT_OFFERED', `artifact ${artifactId} is held back from ${device.id} by a rollout (outside the waves started so far, or held back while the rollout is paused)`)
  if (gate === 'withdrawn') return new OtaError('OTA_WITHDRAWN', `artifact ${artifactId} was withdrawn: its rollout was aborted`)
  return new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is no artifact of the current release of model ${device.model}`)
}

/**
 * @returns the chunks to serve (of any artifact of the model's current release, or of a staged
 *   release the device was offered; indexes bounded by that artifact's chunk count), or an error
 *   frame for the device (`OTA_UNKNOWN_ARTIFACT`, `OTA_NOT_OFFERED`, `OTA_WITHDRAWN`) and a
 *   `request.refused` audit line
 * @throws OtaError `OTA_DECODE`/`OTA_FIELD`/`OTA_TOO_LARGE` for a malformed request, and
 *   `OTA_UNKNOWN_ARTIFACT` once a connection asked for too many artifacts it may not have
 *   (the caller closes the connection: MQTT 3.1.1 has no negative acknowledgement)
 */
export function handleChunkRequest (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): Outcome {
  const req = decodeChunkRequest(payload)
  const artifactId = toHex(req.artifact)
  const { artifact, imageId } = servableArtifact(ctx, device, artifactId)
  if (artifact === undefined) {
    ctx.rates.req.take(device.id) // refused requests are charged to the device's rate (limits/rate.ts)
    const n = (ctx.refusedRequests.get(client) ?? 0) + 1
    ctx.refusedRequests.set(client, n)
    if (n > MAX_REFUSED) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `${n} requests for artifacts this device may not have`)
    const err = refusal(ctx, device, artifactId, imageId)
    return {
      audit: [{ event: 'request.refused', outcome: 'failure', fields: { deviceId: device.id, model: device.model, code: err.code, artifact: artifactId } }],
      publish: [{ ...errorFrame(ctx.topics, device.id, req.artifact, err), to: client }]
    }
  }
  return { serve: { client, device, artifactId: artifact.id, indexes: requestedIndexes(req, artifact.count), joined: req.joined === true } }
}
