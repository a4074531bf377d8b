/**
 * The `aedes-ota` command tree: every sub-command registered, with the one error style applied.
 * Built by a function so tests can walk the tree without running it.
 */
import { Command } from 'commander'
import { readFileSync } from 'node:fs'
import { registerPki } from './commands/pki.js'
import { registerKeys } from './commands/keys.js'
import { registerRelease } from './commands/release.js'
import { registerBroker } from './commands/broker.js'
import { registerService } from './commands/service.js'
import { registerPublish } from './commands/publish.js'
import { registerDevice } from './commands/device.js'
import { registerFleet } from './commands/fleet.js'
import { registerStatus } from './commands/status.js'
import { registerDemo } from './commands/demo.js'
import { registerAudit } from './commands/audit.js'
import { registerRollout } from './commands/rollout.js'
import { registerAcl } from './commands/acl.js'
import { setCurrentCommand } from './output.js'
import { applyErrorStyle } from './options.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

/** The whole command tree, ready for `parseAsync`. */
export function buildProgram (): Command {
  const program = new Command()
    .name('aedes-ota')
    .description('Secure firmware over-the-air updates over MQTT: dev PKI, signing keys, releases, broker, devices')
    .version(pkg.version)
    // `release create --version V` is the release's version: program options only before the sub-command.
    .enablePositionalOptions()

  registerPki(program)
  registerKeys(program)
  registerRelease(program)
  registerBroker(program)
  registerService(program)
  registerPublish(program)
  registerDevice(program)
  registerFleet(program)
  registerStatus(program)
  registerRollout(program)
  registerDemo(program)
  registerAudit(program)
  registerAcl(program)
  applyErrorStyle(program)
  program.hook('preAction', (_program, action) => { setCurrentCommand(action) })
  return program
}
