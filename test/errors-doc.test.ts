/**
 * The error tables in the docs are the code's (as fastify's errors test): every protocol code
 * (proto/errors.ts `ErrorCodes`) is in docs/PROTOCOL.md's table with its meaning and LwM2M
 * result, and nothing else is; every command-line-only code (cli/errors.ts `CliErrorCodes`) is in
 * README.md's "Command-line error codes" table, and nothing else is; the two sets do not overlap.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ErrorCodes, type ErrorCode } from '../proto/index.js'
import { CliErrorCodes } from '../cli/errors.js'

const root = join(import.meta.dirname, '..')

/** The rows `| \`CODE\` | cell | cell |` of the first table after `heading`, before the next heading of any level. */
function table (file: string, heading: RegExp): Map<string, string[]> {
  const text = readFileSync(join(root, file), 'utf8')
  const lines = text.split('\n')
  const start = lines.findIndex((l) => /^#+ /.test(l) && heading.test(l))
  expect(start, `${file} has a heading matching ${heading.source}`).toBeGreaterThanOrEqual(0)
  const rows = new Map<string, string[]>()
  for (const l of lines.slice(start + 1)) {
    if (/^#+ /.test(l)) break
    const m = /^\| `([A-Z0-9_]+)` \|(.*)\|\s*$/.exec(l)
    if (m === null) continue
    expect(rows.has(m[1]!), `${m[1]} listed twice in ${file}`).toBe(false)
    rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()))
  }
  return rows
}

describe('docs/PROTOCOL.md error codes', () => {
  const rows = table('docs/PROTOCOL.md', /^## Error codes$/)

  it('lists every ErrorCodes code, with its meaning and LwM2M result', () => {
    for (const [code, info] of Object.entries(ErrorCodes)) {
      expect(rows.get(code), `${code} is missing from docs/PROTOCOL.md`).toEqual([info.message, String(info.lwm2m)])
    }
  })

  it('lists no code that does not exist', () => {
    const extra = [...rows.keys()].filter((c) => !Object.prototype.hasOwnProperty.call(ErrorCodes, c))
    expect(extra, 'codes in docs/PROTOCOL.md but not in proto/errors.ts').toEqual([])
  })
})

describe('README.md command-line error codes', () => {
  const rows = table('README.md', /Command-line error codes/)

  it('lists every CliErrorCodes code with its meaning, and nothing else', () => {
    expect(Object.fromEntries([...rows].map(([c, cells]) => [c, cells[0]]))).toEqual(CliErrorCodes)
  })

  it('keeps command-line codes out of the protocol set', () => {
    const both = Object.keys(CliErrorCodes).filter((c) => Object.prototype.hasOwnProperty.call(ErrorCodes, c as ErrorCode))
    expect(both).toEqual([])
  })
})
