/**
 * Staleness check: proto/gen must be exactly what scripts/gen-proto.mjs makes from
 * proto/ota.proto. When this fails, run `npm run gen` and commit proto/gen.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))

describe('generated protobuf code (proto/gen)', () => {
  let out: string
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'aedes-ota-gen-'))
    execFileSync(process.execPath, [join(repo, 'scripts', 'gen-proto.mjs'), '--out', out], { cwd: repo, stdio: 'pipe', timeout: 120_000 })
  }, 180_000)
  afterAll(() => { if (out !== undefined) rmSync(out, { recursive: true, force: true }) })

  for (const file of ['ota.js', 'ota.d.ts']) {
    it(`${file} is up to date with proto/ota.proto`, () => {
      const fresh = readFileSync(join(out, file))
      const committed = readFileSync(join(repo, 'proto', 'gen', file))
      expect(fresh.length, `${file} was not generated`).toBeGreaterThan(1000)
      const same = fresh.equals(committed)
      expect(same, `proto/gen/${file} is stale or edited by hand: it differs from what scripts/gen-proto.mjs generates from proto/ota.proto. Run \`npm run gen\` and commit proto/gen.`).toBe(true)
    })
  }

  it('the generated code knows every message of ota.proto', () => {
    const proto = readFileSync(join(repo, 'proto', 'ota.proto'), 'utf8')
    const js = readFileSync(join(repo, 'proto', 'gen', 'ota.js'), 'utf8')
    const messages = [...proto.matchAll(/^(?:message|enum)\s+(\w+)/gm)].map((m) => m[1]!)
    expect(messages.length).toBeGreaterThanOrEqual(17)
    for (const m of messages) expect(js, m).toContain(`v1.${m} = `)
  })
})
