/**
 * Which artifact a device may have now: the one rule the chunk requests (handlers/request.ts)
 * and the broadcast frames (hooks/authorizeForward.ts) both ask.
 */
import type { PluginContext } from './context.js'
import { releaseArtifact, type ReleaseArtifact } from './store.js'

/**
 * The artifact `artifactId` when `device` may have it now: an artifact of its model's current
 * release, or of a staged release whose rollout offers it to this device (gate `serve`). The
 * chunk requests and each broadcast frame forwarded (hooks/authorizeForward.ts) ask the same.
 * @returns the artifact (undefined when the device may not have it) and the image id of the
 *   staged release it belongs to (the artifact id itself when none)
 */
export function servableArtifact (ctx: PluginContext, device: { id: string, model: string }, artifactId: string): { artifact: ReleaseArtifact | undefined, imageId: string } {
  const current = ctx.store.current(device.model)
  const inCurrent = current !== undefined ? releaseArtifact(current, artifactId) : undefined
  if (inCurrent !== undefined) return { artifact: inCurrent, imageId: artifactId }
  const staged = ctx.store.staged(device.model)
  const inStaged = staged !== undefined ? releaseArtifact(staged, artifactId) : undefined
  if (inStaged === undefined) return { artifact: undefined, imageId: artifactId }
  const imageId = staged!.artifactId
  return { artifact: ctx.rollouts.gate(device.id, device.model, imageId) === 'serve' ? inStaged : undefined, imageId }
}
