/**
 * The firmware corpus bench/delta.ts runs on: a folder of pairs, each a sub-folder holding
 * `old.bin` and `new.bin`, and optionally a `README.md` whose table of reference delta sizes
 * (patch bytes as % of new.bin) the benchmark prints next to its own measurements
 * (../shared/firmware/README.md has that shape).
 */
import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** The corpus used when none is given, relative to the current folder (the repository when run by npm). */
export const DEFAULT_CORPUS = '../shared/firmware'

/** One pair of the corpus. */
export interface Pair {
  /** the sub-folder's name */
  name: string
  oldPath: string
  newPath: string
  /** size of new.bin in bytes */
  newBytes: number
}

/**
 * The corpus folder: `given` resolved against the current folder, else {@link DEFAULT_CORPUS}
 * when it exists.
 * @throws Error naming the argument when neither exists
 */
export function findCorpus (given: string | undefined): string {
  if (given !== undefined) {
    const dir = resolve(given)
    if (!existsSync(dir)) throw new Error(`corpus folder ${dir} does not exist (the CORPUS_DIR argument)`)
    return dir
  }
  const dflt = resolve(DEFAULT_CORPUS)
  if (!existsSync(dflt)) {
    throw new Error(`no corpus: the default ${DEFAULT_CORPUS} (${dflt}) does not exist; give the corpus folder as the CORPUS_DIR argument: npm run bench:delta -- CORPUS_DIR`)
  }
  return dflt
}

/**
 * The pairs of `dir` (every sub-folder with both old.bin and new.bin), smallest new.bin first,
 * restricted to `only` when given.
 * @throws Error when `only` names a pair the corpus does not have, or no pair is found
 */
export async function listPairs (dir: string, only?: readonly string[]): Promise<Pair[]> {
  const pairs: Pair[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue
    const oldPath = join(dir, e.name, 'old.bin')
    const newPath = join(dir, e.name, 'new.bin')
    if (!existsSync(oldPath) || !existsSync(newPath)) continue
    pairs.push({ name: e.name, oldPath, newPath, newBytes: (await stat(newPath)).size })
  }
  pairs.sort((a, b) => a.newBytes - b.newBytes || a.name.localeCompare(b.name))
  if (only !== undefined) {
    if (only.length === 0) throw new Error('--pairs: name at least one pair (comma-separated)')
    const unknown = only.filter((n) => !pairs.some((p) => p.name === n))
    if (unknown.length > 0) throw new Error(`--pairs: no pair ${unknown.join(', ')} in ${dir} (it has ${pairs.map((p) => p.name).join(', ')})`)
    return pairs.filter((p) => only.includes(p.name))
  }
  if (pairs.length === 0) throw new Error(`${dir} holds no pair (sub-folders with old.bin and new.bin)`)
  return pairs
}

/** One figure of the README table: its text as written and its number (null for `—` and the like). */
export interface ReadmeFigure { text: string, pct: number | null }

/**
 * The reference table of a corpus README: the first Markdown table whose first header cell is
 * `pair`, as pair → column header → figure. A leading `~` is dropped from the number (the text
 * keeps it). Returns an empty map when there is no such table.
 */
export function parseReadmeTable (markdown: string): Map<string, Map<string, ReadmeFigure>> {
  const out = new Map<string, Map<string, ReadmeFigure>>()
  const cells = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim())
  const lines = markdown.split('\n')
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!.trim()
    if (!head.startsWith('|') || !/^\|\s*-/.test(lines[i + 1]!.trim())) continue
    const headers = cells(head)
    // The reference table has a number in its second row; the corpus's other table (what each pair is) does not.
    const rows: string[][] = []
    for (let j = i + 2; j < lines.length && lines[j]!.trim().startsWith('|'); j++) rows.push(cells(lines[j]!))
    if (headers[0]?.toLowerCase() !== 'pair' || !rows.some((r) => r.slice(1).some((c) => parseFigure(c) !== null))) continue
    for (const r of rows) {
      const m = new Map<string, ReadmeFigure>()
      headers.slice(1).forEach((h, k) => { const t = r[k + 1] ?? ''; m.set(h, { text: t, pct: parseFigure(t) }) })
      out.set(r[0]!.replace(/`/g, ''), m)
    }
    return out
  }
  return out
}

function parseFigure (text: string): number | null {
  const m = /^~?\s*(\d+(?:\.\d+)?)$/.exec(text.trim())
  return m === null ? null : Number(m[1])
}

/**
 * The figure of the column whose header contains `column` (case-insensitive) for `pair`, or
 * undefined when the table has no such row or column.
 */
export function readmeFigure (table: Map<string, Map<string, ReadmeFigure>>, pair: string, column: string): ReadmeFigure | undefined {
  const row = table.get(pair)
  if (row === undefined) return undefined
  for (const [h, f] of row) if (h.toLowerCase().includes(column.toLowerCase())) return f
  return undefined
}

/** The README table of `dir` (see {@link parseReadmeTable}); empty when it has no README.md. */
export async function readCorpusReadme (dir: string): Promise<Map<string, Map<string, ReadmeFigure>>> {
  const p = join(dir, 'README.md')
  return existsSync(p) ? parseReadmeTable(await readFile(p, 'utf8')) : new Map()
}
