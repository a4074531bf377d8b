/**
 * A device's chunk request on `<p>/d/<id>/req`: decoded, checked against the current release
 * of the device's model or, for a release a rollout stages, against the rollout's offers
 * (docs/PROTOCOL.md, "Rollouts and offers"), and handed to the sender for paced delivery.
 * Never forwarded.
 */
import type { Client } from 'aedes'
import { OtaError, decodeChunkRequest, requestedIndexes, toHex } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { errorFrame } from '../sender.js'
import type { Outcome } from './outcome.js'

/** Refused requests a connection may make before it is closed: enough for a device to notice a superseded release. */
const MAX_REFUSED = 16

function refusal (ctx: PluginContext, device: { id: string, model: string }, artifactId: string): OtaError {
  const gate = ctx.rollouts.gate(device.id, device.model, artifactId)
  if (gate === 'not-offered') return new OtaError('OTA_NOT_OFFERED', `artifact ${artifactId} is held back from ${device.id} by a rollout (outside the waves started so far, or held back while the rollout is paused)`)
  if (gate === 'withdrawn') return new OtaError('OTA_WITHDRAWN', `artifact ${artifactId} was withdrawn: its rollout was aborted`)
  return new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not the current release of model ${device.model}`)
}

/**
 * @returns the chunks to serve (of the model's current release, or of a staged release the
 *   device was offered), or an error frame for the device (`OTA_UNKNOWN_ARTIFACT`,
 *   `OTA_NOT_OFFERED`, `OTA_WITHDRAWN`) and a `request.refused` audit line
 * @throws OtaError `OTA_DECODE`/`OTA_FIELD`/`OTA_TOO_LARGE` for a malformed request, and
 *   `OTA_UNKNOWN_ARTIFACT` once a connection asked for too many artifacts it may not have
 *   (the caller closes the connection: MQTT 3.1.1 has no negative acknowledgement)
 */
export function handleChunkRequest (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): Outcome {
  const req = decodeChunkRequest(payload)
  const artifactId = toHex(req.artifact)
  let release = ctx.store.current(device.model)
  if (release?.artifactId !== artifactId) {
    const staged = ctx.store.staged(device.model)
    release = staged?.artifactId === artifactId && ctx.rollouts.gate(device.id, device.model, artifactId) === 'serve' ? staged : undefined
  }
  if (release === undefined) {
    ctx.rates.req.take(device.id) // refused requests are charged to the device's rate (limits/rate.ts)
    const n = (ctx.refusedRequests.get(client) ?? 0) + 1
    ctx.refusedRequests.set(client, n)
    if (n > MAX_REFUSED) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `${n} requests for artifacts this device may not have`)
    const err = refusal(ctx, device, artifactId)
    return {
      audit: [{ event: 'request.refused', outcome: 'failure', fields: { deviceId: device.id, model: device.model, code: err.code, artifact: artifactId } }],
      publish: [{ ...errorFrame(ctx.topics, device.id, req.artifact, err), to: client }]
    }
  }
  return { serve: { client, device, artifactId: release.artifactId, indexes: requestedIndexes(req, release.count) } }
}
