/**
 * Baseline client for bench/transfer.ts: what hawkBit and Mender clients do. One HTTPS GET of
 * the image, streamed to a file while hashing it, then the digest checked. Prints one JSON line
 * `{ bytes, seconds }` (seconds from request to verified file).
 *
 * Usage: node https-client.js URL CA_PEM OUT_FILE SHA256_HEX
 */
import { createHash } from 'node:crypto'
import { createWriteStream, readFileSync } from 'node:fs'
import { get } from 'node:https'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'

const [url, caPath, out, expected] = process.argv.slice(2)
if (url === undefined || caPath === undefined || out === undefined || expected === undefined) {
  process.stderr.write('usage: https-client URL CA_PEM OUT_FILE SHA256_HEX\n')
  process.exit(2)
}
const t0 = process.hrtime.bigint()
const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
  get(url, { ca: readFileSync(caPath), servername: 'localhost', minVersion: 'TLSv1.3' }, resolve).on('error', reject)
})
if (res.statusCode !== 200) throw new Error(`HTTP ${String(res.statusCode)}`)
const h = createHash('sha256')
let bytes = 0
await pipeline(res, new Transform({ transform (chunk: Buffer, _e, cb) { h.update(chunk); bytes += chunk.length; cb(null, chunk) } }), createWriteStream(out))
const digest = h.digest('hex')
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
if (digest !== expected) { process.stderr.write(`digest mismatch ${digest}\n`); process.exit(1) }
process.stdout.write(JSON.stringify({ bytes, seconds }) + '\n')
