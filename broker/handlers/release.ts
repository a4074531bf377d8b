/**
 * A release bundle, from the API (`plugin.publishRelease`) or an operator (`<p>/admin/<op>/release`,
 * or an AdminRequest on `<p>/admin/<op>/request`): verified and judged by the release store,
 * announced as the model's retained manifest. Never forwarded.
 *
 * Unlike the other handlers this one publishes the manifest itself instead of returning it in
 * its outcome: whether the release counts as published depends on that announce, and the
 * verdict (audit line, AdminResult, the thrown error of `publishRelease`) must say so.
 */
import { toOtaError, type AdminResult, type OtaError, type Topics } from '../../proto/index.js'
import type { PluginContext } from '../context.js'
import { publishOut, type OutMessage } from '../outbound.js'
import type { StoredRelease } from '../store.js'
import type { Outcome } from './outcome.js'

/** What became of a bundle. */
export interface ReleaseOutcome {
  outcome: Outcome
  /** the model's current release after the call, when the bundle was accepted */
  release?: StoredRelease
  /** the bundle was the current release already: nothing changed */
  alreadyCurrent: boolean
  error?: OtaError
}

/** The audit fields that name a release. */
export function releaseFields (r: StoredRelease): Record<string, unknown> {
  const m = r.manifest
  const patches = r.artifacts.filter((a) => a.kind !== 'image').map((a) => `${a.kind === 'delta' ? `delta from ${a.baseVersion}` : 'compressed image'} ${a.artifact.size} B`).join('; ')
  return { model: m.model, version: m.version, securityVersion: m.securityVersion, sequence: m.sequence, artifact: r.artifactId, size: m.image.size, ...(patches !== '' ? { patches } : {}) }
}

/** The retained announcement of a release: its manifest envelope on the model's manifest topic. */
export function manifestMessage (topics: Topics, r: StoredRelease): OutMessage {
  return { topic: topics.manifest(r.manifest.model), payload: r.envelope, qos: 1, retain: true }
}

/** A refusal as the AdminResult an operator receives. */
export function failedResult (code: string, detail: string): AdminResult {
  return { ok: false, code, detail, model: '', version: '', artifact: new Uint8Array(0), sequence: 0 }
}

/**
 * Stores a bundle and announces its manifest (retained, QoS 1). Never throws: a refusal is in
 * `error`, with its `release.rejected` audit line. A manifest that cannot be announced (aedes
 * failed the publish, e.g. its persistence could not store the retained message) is a refusal
 * too (`OTA_IO`): the release stays stored as the model's current one, but no device has seen
 * it and `release.published` is not written. Publishing the same bundle again retries the
 * announce (instead of the no-op `release.unchanged`); so does the plugin's next start.
 * @param by - who published it, for the audit log
 * @param force - lift the rules an operator may override (see store `add`)
 */
export async function handleReleaseBundle (ctx: PluginContext, bundle: Uint8Array, by: string, force: boolean): Promise<ReleaseOutcome> {
  try {
    const { release, added } = await ctx.store.add(bundle, { force })
    const m = release.manifest
    if (!added && !ctx.unannounced.has(m.model)) {
      return { release, alreadyCurrent: true, outcome: { audit: [{ event: 'release.unchanged', outcome: 'success', fields: { by, ...releaseFields(release) } }] } }
    }
    // A new release, or the current one published again after its announce failed.
    await publishOut(ctx.bus, manifestMessage(ctx.topics, release)).catch((e: unknown) => {
      ctx.unannounced.add(m.model)
      throw toOtaError(e, 'OTA_IO', `release ${m.version} of ${m.model} is stored but its manifest could not be announced; publish the bundle again (or restart the broker) to announce it`)
    })
    ctx.unannounced.delete(m.model)
    return {
      release,
      alreadyCurrent: false,
      outcome: {
        audit: [{ event: 'release.published', outcome: 'success', fields: { by, force, ...releaseFields(release) } }],
        events: [{ name: 'release', value: release }]
      }
    }
  } catch (e) {
    const err = toOtaError(e, 'OTA_IO')
    return { error: err, alreadyCurrent: false, outcome: { audit: [{ event: 'release.rejected', outcome: 'failure', fields: { by, force, code: err.code, detail: err.message } }] } }
  }
}

/** The AdminResult an operator receives for a {@link ReleaseOutcome}. */
export function adminResultOf (r: ReleaseOutcome): AdminResult {
  if (r.release === undefined) return failedResult(r.error?.code ?? 'OTA_IO', r.error?.message ?? '')
  const m = r.release.manifest
  const detail = r.alreadyCurrent ? `release ${m.version} of ${m.model} is already current` : `release ${m.version} announced for ${m.model}`
  return { ok: true, code: '', detail, model: m.model, version: m.version, artifact: m.image.sha256, sequence: m.sequence }
}
