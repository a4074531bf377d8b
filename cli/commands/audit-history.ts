/** `aedes-ota audit history`: one device's update attempts from the audit log. */
import type { Command } from 'commander'
import { readAuditRecords, updateHistory } from '../../broker/index.js'
import { table } from '../output.js'
import { auditFilesOf, withAuditSetOptions, type AuditSetArgs } from './audit-files.js'

/** Adds `audit history DEVICE [FILE...]` under `audit`. */
export function registerAuditHistory (audit: Command): void {
  withAuditSetOptions(audit.command('history')
    .description('one device\'s update history: one line per update attempt (versions, states, outcome, times)')
    .argument('<device>', 'device id')
    .argument('[files...]', 'audit files; default: the set of --data or --audit-log'))
    .option('--json', 'print one JSON object { deviceId, attempts: [...] }', false)
    .action(async (device: string, files: string[], o: AuditSetArgs & { json: boolean }) => {
      const lines = await readAuditRecords(await auditFilesOf(files, o))
      const attempts = updateHistory(lines.flatMap((l) => l.record === null ? [] : [l.record]), device)
      if (o.json) {
        process.stdout.write(JSON.stringify({ deviceId: device, attempts }) + '\n')
        return
      }
      process.stdout.write(table(['started', 'ended', 'from -> to', 'outcome', 'result', 'error', 'states'],
        attempts.map((a) => [a.startedAt, a.endedAt, `${a.fromVersion} -> ${a.toVersion}`, (a.outcome || 'in progress') + (a.suspect !== '' ? ` (suspect: ${a.suspect})` : ''), a.result, a.errorCode, a.states.join(' ')])) + '\n')
      process.stdout.write(`${attempts.length} update attempt${attempts.length === 1 ? '' : 's'} of ${device}\n`)
    })
}
