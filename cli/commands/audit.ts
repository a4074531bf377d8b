/** `aedes-ota audit`: check and read the broker's audit log (docs/AUDIT.md). */
import type { Command } from 'commander'
import { registerAuditVerify } from './audit-verify.js'
import { registerAuditHistory } from './audit-history.js'

/** Adds `audit` with `verify` (the hash chain) and `history` (one device's updates). */
export function registerAudit (program: Command): void {
  const audit = program.command('audit').description('the broker\'s audit log: verify its hash chain, read a device\'s update history')
  registerAuditVerify(audit)
  registerAuditHistory(audit)
}
