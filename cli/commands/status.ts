/** `aedes-ota status`: the fleet's inventory, as the broker keeps it (it survives broker restarts). */
import type { Command } from 'commander'
import { Lwm2mResult, stateName, type DeviceRecord } from '../../proto/index.js'
import { fetchInventory } from '../../operator/index.js'
import { operatorTls } from '../credentials.js'
import { table } from '../output.js'

const resultNames = new Map<number, string>(Object.entries(Lwm2mResult).map(([k, v]) => [v, k]))

/** The last result by name: the LwM2M result, with the error code when there is one (`INTEGRITY_FAILURE (OTA_IMAGE_DIGEST)`); '' before any report. */
export function resultName (d: Pick<DeviceRecord, 'result' | 'errorCode' | 'reportedAt'>): string {
  if (d.reportedAt === 0) return ''
  const name = resultNames.get(d.result) ?? `RESULT_${d.result}`
  return d.errorCode !== '' ? `${name} (${d.errorCode})` : name
}

function iso (ms: number): string { return ms > 0 ? new Date(ms).toISOString() : '' }

/** Adds `status`: the fleet inventory from the broker. */
export function registerStatus (program: Command): void {
  program.command('status')
    .description('fleet inventory: each device\'s online state, last seen, version, state and last result (operator certificate)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker certificate must carry (default: the URL\'s host)')
    .option('--json', 'print one JSON object { devices: [...] }', false)
    .action(async (o: { pki: string, operator: string, broker: string, servername?: string, json: boolean }) => {
      const devices = await fetchInventory({ url: o.broker, ...(await operatorTls(o.pki, o.operator)), ...(o.servername !== undefined ? { servername: o.servername } : {}) })
      if (o.json) {
        const rows = devices.map((d) => ({ ...d, online: d.online, state: d.reportedAt === 0 ? '' : stateName(d.state), result: resultName(d), lwm2mResult: d.result, lastSeen: iso(d.lastSeen), connectedAt: iso(d.connectedAt), reportedAt: iso(d.reportedAt) }))
        process.stdout.write(JSON.stringify({ devices: rows }) + '\n')
        return
      }
      process.stdout.write(table(['device', 'model', 'online', 'last seen', 'version', 'state', 'last result', 'target'],
        devices.map((d) => [d.deviceId, d.model, d.online ? 'online' : 'offline', iso(d.lastSeen), d.currentVersion, d.reportedAt === 0 ? '' : stateName(d.state), resultName(d), d.targetVersion])) + '\n')
      process.stdout.write(`${devices.length} devices, ${devices.filter((d) => d.online).length} online\n`)
    })
}
