/**
 * What every hook module receives: the plugin's context, the host's own hooks (for what is
 * not the plugin's business) and the function that carries out a handler's outcome.
 */
import type { Aedes } from 'aedes'
import type { PluginContext } from '../context.js'
import type { Outcome } from '../handlers/index.js'

/** The host's hooks, as they were when the plugin was installed. */
export interface HostHooks {
  preConnect: Aedes['preConnect']
  authenticate: Aedes['authenticate']
  authorizePublish: Aedes['authorizePublish']
  authorizeSubscribe: Aedes['authorizeSubscribe']
  authorizeForward: Aedes['authorizeForward']
}

/** A hook's dependencies. */
export interface HookDeps {
  /** the broker the hooks are installed in */
  aedes: Aedes
  ctx: PluginContext
  host: HostHooks
  /** writes the audit lines, emits the events, serves the chunks and publishes the messages of an outcome */
  apply: (o: Outcome) => Promise<void>
}

/** True when `topic` is the OTA prefix or under it. */
export function isOtaTopic (topic: string, prefix: string): boolean {
  return topic === prefix || topic.startsWith(prefix + '/')
}
