/** `aedes-ota keys init`: the root key, a release-signing key, and the signed root metadata. */
import type { Command } from 'commander'
import { initKeys } from '../../sign/index.js'

/** Adds `keys init`: root key, release-signing key (files mode 0600) and the signed root metadata `root.bin`. */
export function registerKeys (program: Command): void {
  const keys = program.command('keys').description('signing keys and the chain of trust')
  keys.command('init')
    .description('create a root key, a release-signing key the root authorizes for the models, and root.bin (the devices\' trust anchor)')
    .requiredOption('--out <dir>', 'folder to write into (root.key and release.key are mode 0600: keep them offline)')
    .requiredOption('--models <models>', 'comma-separated models the release key may sign for')
    .action(async (o: { out: string, models: string }) => {
      const r = await initKeys({ out: o.out, models: o.models.split(',').map((s) => s.trim()).filter(Boolean) })
      process.stdout.write(`root key ${r.rootKeyId.slice(0, 16)}… in ${r.rootKey}\nrelease key ${r.releaseKeyId.slice(0, 16)}… in ${r.releaseKey}\ntrust anchor ${r.trust}\n`)
    })
}
