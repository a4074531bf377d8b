/**
 * aedes `preConnect`: refuses wills on OTA topics and on the cluster's `$ota/` topics (a will is
 * published by the broker on the client's behalf; in a cluster, after its broker died, by another
 * broker with no client, whose publish hooks then refuse it at every will sweep).
 */
import type { Aedes } from 'aedes'
import { OtaError } from '../../proto/index.js'
import { filterTouchesPrefix } from '../acl.js'
import { ConnackCode } from '../refusals.js'
import { CLUSTER_ROOT } from '../cluster/link.js'
import type { HookDeps } from './types.js'

/** The plugin's preConnect, then the host's. */
export function makePreConnect ({ aedes, ctx, host }: HookDeps): Aedes['preConnect'] {
  return function (this: Aedes, client, packet, cb) {
    const will = packet?.will
    if (will != null && (filterTouchesPrefix(String(will.topic), ctx.topics.prefix) || filterTouchesPrefix(String(will.topic), CLUSTER_ROOT))) {
      ctx.refusals.auth(client, packet.clientId ?? '', 'a will on an OTA topic', ConnackCode.NOT_AUTHORIZED, { topic: will.topic })
      cb(new OtaError('OTA_ACL_DENIED', 'wills on OTA topics are not allowed'), false)
      return
    }
    host.preConnect.call(aedes, client, packet, cb)
  }
}
