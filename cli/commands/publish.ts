/** `aedes-ota publish`: hand a bundle to a running broker over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { toHex } from '../../proto/index.js'
import { publishBundle } from '../../operator/index.js'
import { operatorConnection, readOrFail, withOperatorOptions, type OperatorArgs } from '../credentials.js'

/** Adds `publish`: an operator hands a bundle to a running broker over mutual-TLS MQTT; fails with the broker's error code. */
export function registerPublish (program: Command): void {
  withOperatorOptions(program.command('publish')
    .description('publish a release bundle to a running broker (operator certificate over mutual-TLS MQTT); the broker verifies it and checks it against the current release before announcing it')
    .argument('<bundle>', 'bundle file (release create)'))
    .option('--force', 'publish even a security version below the current release\'s, a version downgrade or a sequence far above the current one', false)
    .action(async (bundlePath: string, o: OperatorArgs & { force: boolean }) => {
      const [bundle, conn] = await Promise.all([readOrFail(bundlePath), operatorConnection(o)])
      const r = await publishBundle({ ...conn, bundle, force: o.force })
      const what = `${r.model} ${r.version} (sequence ${r.sequence}, artifact ${toHex(r.artifact).slice(0, 16)}…)`
      process.stdout.write(r.alreadyCurrent ? `already current: ${what}\n` : `announced ${what}\n`)
    })
}
