/** `aedes-ota audit verify`: checks the audit log's hash chain and names each break. */
import type { Command } from 'commander'
import { OtaError } from '../../proto/index.js'
import { verifyAuditChain, type AuditChainReport } from '../../broker/index.js'
import { table } from '../output.js'
import { auditFilesOf, withAuditSetOptions, type AuditSetArgs } from './audit-files.js'

/** The one-line summary of an intact chain. */
function summary (r: AuditChainReport): string {
  const from = r.fromGenesis ? 'from the first record written' : `from record ${r.firstSequence} (earlier records rotated away or not given)`
  return `intact: ${r.records} records in ${r.files.length} file${r.files.length === 1 ? '' : 's'}, sequence ${r.firstSequence}..${r.lastSequence}, ${from}\nhead ${r.head}\n`
}

/** Adds `audit verify [FILE...]` under `audit`. */
export function registerAuditVerify (audit: Command): void {
  withAuditSetOptions(audit.command('verify')
    .description('check the hash chain of audit files (any order: sorted by the event.sequence of their first records); exit 1 naming each edited, removed, reordered or inserted line')
    .argument('[files...]', 'audit files (audit.1.log audit.2.log ...); default: the set of --data or --audit-log'))
    .option('--json', 'print the report as one JSON object', false)
    .action(async (files: string[], o: AuditSetArgs & { json: boolean }) => {
      const report = await verifyAuditChain(await auditFilesOf(files, o))
      if (o.json) process.stdout.write(JSON.stringify(report) + '\n')
      else if (report.ok) process.stdout.write(summary(report))
      else process.stdout.write(table(['break', 'where', 'detail'], report.breaks.map((b) => [b.kind, `${b.file}:${b.line}`, b.detail])) + '\n')
      if (!report.ok) {
        const first = report.breaks[0]!
        throw new OtaError('OTA_AUDIT_CHAIN', `${report.breaks.length} break${report.breaks.length === 1 ? '' : 's'} in the audit chain, the first: ${first.kind} at ${first.file}:${first.line}`)
      }
    })
}
