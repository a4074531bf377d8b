/**
 * A device's status event on `<p>/audit/<id>`: decoded and checked (the event names the
 * sender), stamped with the broker's receive time, audited, kept as the device's retained last
 * state and in the inventory, and forwarded (re-encoded) to operator subscribers.
 */
import type { Client } from 'aedes'
import { OtaError, decodeStatusEvent, encodeStatusEvent, statusEventToJson } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { remoteAddress } from '../identity.js'
import type { Outcome } from './outcome.js'

/**
 * @returns the stamped payload to forward, its audit line, the retained state and the `status` event
 * @throws OtaError `OTA_ACL_DENIED` when the event names another device or model, and the
 *   codec's errors for a malformed event
 */
export function handleStatusEvent (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): Outcome {
  const e = decodeStatusEvent(payload)
  if (e.deviceId !== device.id) throw new OtaError('OTA_ACL_DENIED', `status event names device ${e.deviceId}, sender is ${device.id}`)
  if (e.model !== '' && e.model !== device.model) throw new OtaError('OTA_ACL_DENIED', `status event names model ${e.model}, sender is ${device.model}`)
  e.model = device.model
  e.receivedAt = ctx.now()
  const stamped = Buffer.from(encodeStatusEvent(e))
  return {
    forward: stamped,
    audit: [{ event: 'device.status', outcome: e.errorCode !== '' ? 'failure' : 'success', fields: { ...statusEventToJson(e), clientId: client.id, remoteAddress: remoteAddress(client) } }],
    publish: [{ topic: ctx.topics.state(device.id), payload: stamped, qos: 1, retain: true }],
    events: [{ name: 'status', value: e }]
  }
}
