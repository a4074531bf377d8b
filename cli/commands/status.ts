/** `aedes-ota status`: the fleet's inventory, from the broker's retained device states. */
import type { Command } from 'commander'
import { stateName, statusEventToJson } from '../../proto/index.js'
import { fetchInventory } from '../../broker/index.js'
import { operatorTls } from '../credentials.js'
import { intArg, table } from '../output.js'

/** Adds `status`: the fleet inventory from the broker's retained device states. */
export function registerStatus (program: Command): void {
  program.command('status')
    .description('fleet inventory: each device\'s last reported state, version and result (operator certificate)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--collect-ms <ms>', 'how long to collect retained states', intArg(100, 60_000), 1000)
    .option('--json', 'print one JSON object { devices: [...] }', false)
    .action(async (o: { pki: string, operator: string, broker: string, collectMs: number, json: boolean }) => {
      const devices = await fetchInventory({ url: o.broker, ...(await operatorTls(o.pki, o.operator)), collectMs: o.collectMs })
      if (o.json) {
        process.stdout.write(JSON.stringify({ devices: devices.map(statusEventToJson) }) + '\n')
        return
      }
      process.stdout.write(table(['device', 'model', 'state', 'version', 'target', 'result', 'error', 'seen'],
        devices.map((e) => [e.deviceId, e.model, stateName(e.state), e.currentVersion, e.targetVersion, e.result, e.errorCode, new Date(e.receivedAt).toISOString()])) + '\n')
      process.stdout.write(`${devices.length} devices\n`)
    })
}
