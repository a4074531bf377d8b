/**
 * A device's status event on `<p>/audit/<id>`: decoded and checked (the event names the
 * sender), stamped with the broker's receive time, written to the audit log, kept as the
 * device's retained last state, and forwarded (re-encoded) to operator subscribers.
 */
import type { Client } from 'aedes'
import { OtaError, decodeStatusEvent, encodeStatusEvent, statusEventToJson } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { remoteAddress } from '../identity.js'

/**
 * @returns the re-encoded, stamped payload to forward
 * @throws OtaError `OTA_ACL_DENIED` when the event names another device or model, and the
 *   codec's errors for a malformed event
 */
export function handleStatusEvent (ctx: PluginContext, client: Client, device: { id: string, model: string }, payload: Uint8Array): Buffer {
  const e = decodeStatusEvent(payload)
  if (e.deviceId !== device.id) throw new OtaError('OTA_ACL_DENIED', `status event names device ${e.deviceId}, sender is ${device.id}`)
  if (e.model !== '' && e.model !== device.model) throw new OtaError('OTA_ACL_DENIED', `status event names model ${e.model}, sender is ${device.model}`)
  e.model = device.model
  e.receivedAt = ctx.now()
  const stamped = Buffer.from(encodeStatusEvent(e))
  const failed = e.errorCode !== ''
  ctx.audit.write('device.status', failed ? 'failure' : 'success', { ...statusEventToJson(e), clientId: client.id, remoteAddress: remoteAddress(client) })
  ctx.aedes.publish({ cmd: 'publish', topic: ctx.topics.state(device.id), payload: stamped, qos: 1, retain: true, dup: false } as never, () => {})
  ctx.emit('status', e)
  return stamped
}
