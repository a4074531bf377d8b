/** `aedes-ota status`: the fleet's inventory, as the broker keeps it (it survives broker restarts). */
import type { Command } from 'commander'
import { lwm2mResultName, stateName } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import { fetchInventory } from '../../operator/index.js'
import { operatorConnection, withOperatorOptions, type OperatorArgs } from '../credentials.js'
import { isoTime, table } from '../output.js'
import { endOfLifeStanding } from '../../broker/rollout/select.js'

/** The last result by name: the LwM2M result, with the error code when there is one (`INTEGRITY_FAILURE (OTA_IMAGE_DIGEST)`); '' before any report. */
export function resultName (d: Pick<DeviceRecord, 'result' | 'errorCode' | 'reportedAt'>): string {
  if (d.reportedAt === 0) return ''
  const name = lwm2mResultName(d.result) ?? `RESULT_${d.result}`
  return d.errorCode !== '' ? `${name} (${d.errorCode})` : name
}

/** The state of the last status event by name; '' before any report. */
function stateOf (d: Pick<DeviceRecord, 'state' | 'reportedAt'>): string {
  return d.reportedAt === 0 ? '' : stateName(d.state)
}

/**
 * Where a device stands against its end of life, with the date: `past end of life (2027-01-31)`,
 * `near end of life (2027-01-31)`, `supported (2029-12-31)`, or '' when none was announced.
 * @param now - ms since the epoch
 */
export function supportText (d: Pick<DeviceRecord, 'support' | 'endOfLifeAt'>, now: number): string {
  const date = d.endOfLifeAt > 0 ? ` (${isoTime(d.endOfLifeAt).slice(0, 10)})` : ''
  const s = endOfLifeStanding(d, now)
  return s === '' ? '' : s === 'supported' ? `supported${date}` : `${s} end of life${date}`
}

/** Adds `status`: the fleet inventory from the broker. */
export function registerStatus (program: Command): void {
  withOperatorOptions(program.command('status')
    .description('fleet inventory: each device\'s online state, last seen, version, state, last result, hardware revision, support (end of life), SBOM digest and brick suspicion (operator certificate)'))
    .option('--json', 'print one JSON object { devices: [...] }', false)
    .action(async (o: OperatorArgs & { json: boolean }) => {
      const devices = await fetchInventory(await operatorConnection(o))
      const now = Date.now()
      if (o.json) {
        const rows = devices.map((d) => ({ ...d, state: stateOf(d), result: resultName(d), lwm2mResult: d.result, lastSeen: isoTime(d.lastSeen), connectedAt: isoTime(d.connectedAt), reportedAt: isoTime(d.reportedAt) }))
        process.stdout.write(JSON.stringify({ devices: rows }) + '\n')
        return
      }
      process.stdout.write(table(['device', 'model', 'hw', 'online', 'last seen', 'version', 'state', 'last result', 'target', 'support', 'sbom', 'suspect'],
        devices.map((d) => [d.deviceId, d.model, d.hardwareRevision, d.online ? 'online' : 'offline', isoTime(d.lastSeen), d.currentVersion, stateOf(d), resultName(d), d.targetVersion,
          supportText(d, now), d.sbomSha256.slice(0, 12), d.suspect ? 'SUSPECT' : ''])) + '\n')
      const suspects = devices.filter((d) => d.suspect)
      if (suspects.length > 0) process.stdout.write(`\nsuspect devices (installed a release and did not come back on it in time):\n${suspects.map((d) => `  ${d.deviceId}: ${d.suspectReason}`).join('\n')}\n\n`)
      const ended = devices.filter((d) => endOfLifeStanding(d, now) === 'past').length
      const ending = devices.filter((d) => endOfLifeStanding(d, now) === 'near').length
      process.stdout.write(`${devices.length} devices, ${devices.filter((d) => d.online).length} online, ${suspects.length} suspect, ${ended} past end of life, ${ending} near end of life\n`)
    })
}
