// Generates static protobuf code for proto/ota.proto with protobufjs-cli.
// Usage: node scripts/gen-proto.mjs [--out DIR]   (default proto/gen)
// test/proto-gen.test.ts runs it into a scratch folder and fails when proto/gen differs.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const i = process.argv.indexOf('--out')
const out = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'proto', 'gen')
mkdirSync(out, { recursive: true })
const bin = (name) => join(root, 'node_modules', 'protobufjs-cli', 'bin', name)
const js = join(out, 'ota.js')
execFileSync(process.execPath, [bin('pbjs'), '-t', 'static-module', '-w', 'esm', '--force-number',
  '--no-delimited', '--no-verify', '--no-service', '--no-typeurl', '-o', js, join(root, 'proto', 'ota.proto')], { stdio: 'inherit', cwd: root })
execFileSync(process.execPath, [bin('pbts'), '-o', join(out, 'ota.d.ts'), js], { stdio: 'inherit', cwd: root })
