/** The audit files a command reads: named on the command line, or a broker's log set. */
import type { Command } from 'commander'
import { join } from 'node:path'
import { OtaError } from '../../proto/index.js'
import { auditFiles } from '../../broker/index.js'
import { chainOrder } from '../../broker/audit/files.js'

/** Options naming an audit log set instead of its files. */
export interface AuditSetArgs { data?: string, auditLog?: string }

/** Adds `--data` and `--audit-log`: the log set to read when no FILE is given. */
export function withAuditSetOptions (cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'the broker\'s data folder: read its audit log set (<dir>/audit.<n>.log)')
    .option('--audit-log <path>', 'the broker\'s --audit-log base path: read its set (<stem>.<n>.log)')
}

/**
 * The files to read in chain order (by the `event.sequence` of each file's first record, see broker/audit/files.ts): `files`, or the set named by `--audit-log` / `--data`.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when neither or both are given, `OTA_IO` for an empty set
 */
export async function auditFilesOf (files: string[], o: AuditSetArgs): Promise<string[]> {
  const sets = [o.data, o.auditLog].filter((x) => x !== undefined).length
  if (files.length > 0 && sets === 0) return chainOrder(files)
  if (files.length > 0 || sets !== 1) throw new OtaError('OTA_INVALID_ARGUMENT', 'give the audit files, or one of --data <dir> and --audit-log <path>')
  const base = o.auditLog ?? join(o.data!, 'audit.log')
  const found = await auditFiles(base)
  if (found.length === 0) throw new OtaError('OTA_IO', `no audit log files for ${base}`)
  return found
}
