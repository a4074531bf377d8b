/**
 * `npm run bench:ed25519 [-- --json] [-- --ms 300] [-- --bytes 512]`
 *
 * Strict Ed25519 verifications per CPU second (of this process), every backend in the same run (issue 9: noble took 13%
 * of the fleet simulator's CPU): `verifySignature` on its default backend (OpenSSL through Node's
 * built-in crypto, `ed25519Backend` says which), `verifySignaturePortable` (the pure-JS fallback,
 * cofactorless on `@noble/ed25519` points), `ed.verify` with `zip215: false` (what proto/ed25519.ts
 * called before, the baseline), and OpenSSL without the per-key cache (a key object built for each
 * verification). One key and one `--bytes`-long message, as a device verifying a manifest from its
 * one release key. Each variant runs three rounds of `--ms` milliseconds (at most 1,000,000
 * verifications a round), interleaved so that load from other processes spreads over all of them;
 * the best round counts. `--json` prints one object `{ "<variant>_per_s": n, ... }`.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import { ed, ed25519Backend, verifySignature, verifySignaturePortable } from '../proto/ed25519.js'
import { generateSecretKey, publicKeyOf, signMessage } from '../sign/index.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const opt = (name: string, dflt: number): number => {
  const at = args.indexOf(name)
  return at >= 0 ? Number(args[at + 1]) : dflt
}
const ms = opt('--ms', 300)
const bytes = opt('--bytes', 512)
if (!Number.isInteger(ms) || ms < 10 || ms > 10_000 || !Number.isInteger(bytes) || bytes < 0 || bytes > 1 << 20) {
  process.stderr.write('usage: node dist/bench/ed25519.js [--json] [--ms 300 (10 to 10000)] [--bytes 512 (0 to 1048576)]\n')
  process.exit(2)
}

const sk = generateSecretKey()
const pk = publicKeyOf(sk)
const msg = new Uint8Array(bytes).map((_, i) => i * 31)
const sig = signMessage(sk, msg)
const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk])

const variants: Record<string, () => boolean> = {
  verifySignature: () => verifySignature(pk, msg, sig),
  verifySignaturePortable: () => verifySignaturePortable(pk, msg, sig),
  noble_verify_strict: () => ed.verify(sig, msg, pk, { zip215: false }),
  openssl_uncached_key: () => nodeVerify(null, msg, createPublicKey({ key: der, format: 'der', type: 'spki' }), sig)
}

/**
 * Verifications per CPU second of `fn` (this process's user + system time, so that time spent
 * waiting for a core on a loaded machine does not count) over one round of `ms` milliseconds of
 * wall time; throws if any verdict is false.
 */
function round (fn: () => boolean): number {
  const start = performance.now()
  const cpu0 = process.cpuUsage()
  let n = 0
  let now = start
  while (now - start < ms && n < 1_000_000) {
    if (!fn()) throw new Error('a valid signature was refused')
    n++
    if ((n & 7) === 0) now = performance.now()
  }
  const cpu = process.cpuUsage(cpu0)
  return n / ((cpu.user + cpu.system) / 1e6)
}

const best: Record<string, number> = {}
for (const [name, fn] of Object.entries(variants)) { fn(); best[name] = 0 } // warm the cache and the JIT
for (let r = 0; r < 3; r++) {
  for (const [name, fn] of Object.entries(variants)) best[name] = Math.max(best[name]!, round(fn))
}

if (json) {
  process.stdout.write(JSON.stringify({ backend: ed25519Backend, bytes, ...Object.fromEntries(Object.entries(best).map(([k, v]) => [`${k}_per_s`, Math.round(v)])) }) + '\n')
} else {
  const base = best.noble_verify_strict!
  process.stdout.write(`Ed25519 strict verification, ${bytes}-byte message, one key; verifySignature on '${ed25519Backend}'; per CPU second, best of 3 x ${ms} ms\n`)
  for (const [name, v] of Object.entries(best)) {
    process.stdout.write(`${name.padEnd(24)} ${Math.round(v).toString().padStart(8)} /s  ${(v / base).toFixed(2)}x noble_verify_strict\n`)
  }
}
