/**
 * `aedes-ota keys`: the root key, release-signing keys and the signed root metadata, and the
 * ceremonies that change them (docs/SECURITY.md "Key ceremonies").
 */
import type { Command } from 'commander'
import { addSigner, initKeys, revokeSigner, rotateRoot } from '../../sign/index.js'
import { dateArg, intArg } from '../output.js'

const count = intArg(1, 32)

function modelsOf (s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean)
}

function rootLine (r: { root: { version: number, threshold: number, rootKeys: unknown[], signingKeys: unknown[] } }): string {
  return `root v${r.root.version}: ${r.root.threshold} of ${r.root.rootKeys.length} root keys, ${r.root.signingKeys.length} signing key(s)\n`
}

/**
 * Adds `keys init` (root key, release-signing key, `root.bin`), `keys rotate` (root version N+1
 * with a new threshold and optionally fresh root keys), `keys add-signer` and `keys revoke-signer`
 * (root version N+1 with one signing key more or less). Every new version goes to `DIR/roots/<N>.bin`
 * and `DIR/root.bin`.
 */
export function registerKeys (program: Command): void {
  const keys = program.command('keys').description('signing keys and the chain of trust')
  keys.command('init')
    .description('create a root key, a release-signing key the root authorizes for the models, and root.bin (the devices\' trust anchor)')
    .requiredOption('--out <dir>', 'folder to write into (root.key and release.key are mode 0600: keep them offline)')
    .requiredOption('--models <models>', 'comma-separated models the release key may sign for')
    .action(async (o: { out: string, models: string }) => {
      const r = await initKeys({ out: o.out, models: modelsOf(o.models) })
      process.stdout.write(`root key ${r.rootKeyId.slice(0, 16)}… in ${r.rootKey}\nrelease key ${r.releaseKeyId.slice(0, 16)}… in ${r.releaseKey}\ntrust anchor ${r.trust}\n`)
    })
  keys.command('rotate')
    .description('make the next root version, signed by a threshold of the current root keys and of its own')
    .requiredOption('--keys <dir>', 'the keys folder (keys init --out): holds the current root keys')
    .option('--threshold <k>', 'distinct root keys the new version needs (default: the current threshold)', count)
    .option('--new-root-keys <n>', 'replace the root keys with n fresh ones (root-v<N>-<i>.key); default: keep them', count)
    .action(async (o: { keys: string, threshold?: number, newRootKeys?: number }) => {
      const r = await rotateRoot({ dir: o.keys, ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.newRootKeys !== undefined ? { newRootKeys: o.newRootKeys } : {}) })
      process.stdout.write(rootLine(r.trusted) + r.keyFiles.map((f) => `new root key ${f}\n`).join(''))
    })
  keys.command('add-signer')
    .description('authorize a new release-signing key from the next root version on')
    .requiredOption('--keys <dir>', 'the keys folder')
    .requiredOption('--model <models>', 'comma-separated models the key may sign for')
    .option('--expires <date>', 'when the key stops being accepted, ISO 8601 (default: in 3 years)', dateArg)
    .action(async (o: { keys: string, model: string, expires?: number }) => {
      const r = await addSigner({ dir: o.keys, models: modelsOf(o.model), ...(o.expires !== undefined ? { expiresAt: o.expires } : {}) })
      process.stdout.write(rootLine(r.trusted) + `signing key ${r.keyId.slice(0, 16)}… in ${r.keyFile}\n`)
    })
  keys.command('revoke-signer')
    .description('drop a release-signing key from the next root version: devices holding it refuse the key\'s manifests')
    .argument('<keyid>', 'the key id, or its first 8 or more hex digits')
    .requiredOption('--keys <dir>', 'the keys folder')
    .action(async (keyId: string, o: { keys: string }) => {
      const r = await revokeSigner({ dir: o.keys, keyId })
      process.stdout.write(rootLine(r.trusted) + `revoked ${r.revoked.slice(0, 16)}…\n`)
    })
}
