/** `aedes-ota status`: the fleet's inventory, as the broker keeps it (it survives broker restarts). */
import type { Command } from 'commander'
import { Lwm2mResult, stateName } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import { fetchInventory } from '../../operator/index.js'
import { operatorConnection, withOperatorOptions, type OperatorArgs } from '../credentials.js'
import { isoTime, table } from '../output.js'

const resultNames = new Map<number, string>(Object.entries(Lwm2mResult).map(([k, v]) => [v, k]))

/** The last result by name: the LwM2M result, with the error code when there is one (`INTEGRITY_FAILURE (OTA_IMAGE_DIGEST)`); '' before any report. */
export function resultName (d: Pick<DeviceRecord, 'result' | 'errorCode' | 'reportedAt'>): string {
  if (d.reportedAt === 0) return ''
  const name = resultNames.get(d.result) ?? `RESULT_${d.result}`
  return d.errorCode !== '' ? `${name} (${d.errorCode})` : name
}

/** The state of the last status event by name; '' before any report. */
function stateOf (d: Pick<DeviceRecord, 'state' | 'reportedAt'>): string {
  return d.reportedAt === 0 ? '' : stateName(d.state)
}

/** Adds `status`: the fleet inventory from the broker. */
export function registerStatus (program: Command): void {
  withOperatorOptions(program.command('status')
    .description('fleet inventory: each device\'s online state, last seen, version, state and last result (operator certificate)'))
    .option('--json', 'print one JSON object { devices: [...] }', false)
    .action(async (o: OperatorArgs & { json: boolean }) => {
      const devices = await fetchInventory(await operatorConnection(o))
      if (o.json) {
        const rows = devices.map((d) => ({ ...d, state: stateOf(d), result: resultName(d), lwm2mResult: d.result, lastSeen: isoTime(d.lastSeen), connectedAt: isoTime(d.connectedAt), reportedAt: isoTime(d.reportedAt) }))
        process.stdout.write(JSON.stringify({ devices: rows }) + '\n')
        return
      }
      process.stdout.write(table(['device', 'model', 'online', 'last seen', 'version', 'state', 'last result', 'target'],
        devices.map((d) => [d.deviceId, d.model, d.online ? 'online' : 'offline', isoTime(d.lastSeen), d.currentVersion, stateOf(d), resultName(d), d.targetVersion])) + '\n')
      process.stdout.write(`${devices.length} devices, ${devices.filter((d) => d.online).length} online\n`)
    })
}
