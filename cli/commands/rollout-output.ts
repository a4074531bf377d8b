/**
 * How the `rollout` commands print: the rollout list, one rollout (its waves and devices) and
 * a dry run's plan, as aligned text tables.
 */
import { supportStatusName } from '../../proto/index.js'
import type { RolloutPlan, RolloutStatus } from '../../broker/index.js'
import { isoTime, table } from '../output.js'

/** A share as a percentage, e.g. `12.5%`. */
export function shareText (n: number): string {
  return `${Number((n * 100).toFixed(2))}%`
}

/** A duration in ms, in the largest whole unit (`30m`, `90s`, `250ms`). */
export function durationText (ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  return `${ms}ms`
}

/** Counts over a rollout's devices by state. */
function counts (r: RolloutStatus): { succeeded: number, failed: number, total: number } {
  return { succeeded: r.devices.filter((d) => d.state === 'succeeded').length, failed: r.devices.filter((d) => d.state === 'failed').length, total: r.devices.length }
}

/** One line per rollout: id, model, version, phase, wave, succeeded/failed of all targets, started. */
export function rolloutListText (rows: readonly RolloutStatus[]): string {
  if (rows.length === 0) return 'no rollouts'
  return table(['rollout', 'model', 'version', 'phase', 'wave', 'succeeded', 'failed', 'targets', 'started'],
    rows.map((r) => { const c = counts(r); return [r.id, r.model, r.version, r.phase, `${r.wave + 1}/${r.waves.length}`, c.succeeded, c.failed, c.total, isoTime(r.startedAt)] }))
}

/**
 * One rollout: a summary line (phase and why), its spec, a table of waves and a table of its
 * devices (wave, state, reason).
 */
export function rolloutDetailText (r: RolloutStatus): string {
  const s = r.spec
  const target = s.devices !== undefined ? `devices ${s.devices.join(',')}` : s.group !== undefined ? `group ${s.group}` : `every ${r.model} device`
  const lines = [
    `rollout ${r.id}: ${r.model} ${r.version} (artifact ${r.artifact.slice(0, 16)}…, sequence ${r.sequence})`,
    `phase ${r.phase}${r.reason !== '' ? `: ${r.reason}` : ''}; wave ${r.wave + 1} of ${r.waves.length}; started by ${r.startedBy} at ${isoTime(r.startedAt)}`,
    `spec: waves ${s.waves.map(shareText).join(',')}, success ${shareText(s.success)}, max failures ${shareText(s.maxFailures)}, min devices ${s.minDevices}, wave timeout ${durationText(s.waveTimeoutMs)}, confirm timeout ${durationText(s.confirmTimeoutMs)}; ${target}`,
    '',
    table(['wave', 'share', 'devices', 'offered', 'updating', 'succeeded', 'failed', 'started', 'deadline'],
      r.waves.map((w) => [w.index + 1, shareText(w.share), w.devices, w.offered, w.updating, w.succeeded, w.failed, isoTime(w.startedAt, '-'), isoTime(w.deadline, '-')])),
    '',
    table(['device', 'wave', 'state', 'reason'], r.devices.map((d) => [d.deviceId, d.wave + 1, d.state, d.reason]))
  ]
  return lines.join('\n')
}

/** Support status of a planned device: `SUPPORTED`, `ENDING (until <date>)`, `ENDED (since <date>)`. */
function supportText (support: number, endOfLifeAt: number): string {
  const name = supportStatusName(support)
  if (endOfLifeAt === 0) return name
  return `${name} (${name === 'ENDED' ? 'since' : 'until'} ${isoTime(endOfLifeAt).slice(0, 10)})`
}

/** A dry run: the release, a table of wave, device, online, version, support; then the excluded devices with their reasons, then the warnings. */
export function planText (p: RolloutPlan): string {
  const rows = p.waves.flatMap((w) => w.devices.map((d) => [`${w.index + 1} (${shareText(w.share)})`, d.deviceId, d.online ? 'online' : 'offline', d.currentVersion, supportText(d.support, d.endOfLifeAt)]))
  const planned = p.waves.reduce((n, w) => n + w.devices.length, 0)
  const out = [
    `plan: ${p.model} ${p.version} (security version ${p.securityVersion}, artifact ${p.artifact.slice(0, 16)}…): ${planned} devices in ${p.waves.length} waves`,
    '',
    rows.length > 0 ? table(['wave', 'device', 'online', 'version', 'support'], rows) : 'no device can take this release'
  ]
  if (p.excluded.length > 0) out.push('', `excluded (${p.excluded.length}):`, table(['device', 'reason'], p.excluded.map((e) => [e.deviceId, e.reason])))
  if (p.warnings.length > 0) out.push('', 'warnings:', ...p.warnings.map((w) => `  - ${w}`))
  return out.join('\n')
}
