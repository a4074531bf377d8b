/**
 * bsdiff's matching (Colin Percival, "Naive differences of executable code", 2003, and bsdiff
 * 4.3's `bsdiff.c`): walk the new image, find at each position the longest exact match in the
 * old image by binary search of its suffix array, and cut a new control only where that match
 * beats the current alignment (old offset = new offset + lastOffset) by more than 8 bytes
 * ("the 8-byte mismatch rule"). Between two cuts the region is extended forward from the last
 * match and backward from the next one, keeping the extension while at least half its bytes
 * agree, and the overlap of the two extensions is split where it scores best. Extended bytes
 * become diff bytes (mostly zero: compress well), the rest extra bytes.
 *
 * The result is a list of controls over the whole image; ./encode.ts cuts it into blocks.
 */

/** Controls over the whole image: three numbers each (addLen, extraLen, seek), starting at old offset 0. */
export interface Controls {
  /** addLen, extraLen, seek, repeated */
  values: number[]
}

/** Length of the common prefix of a[ai..] and b[bi..]. */
function matchLen (a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  const n = Math.min(a.length - ai, b.length - bi)
  let i = 0
  while (i < n && a[ai + i] === b[bi + i]) i++
  return i
}

/** Compares old[o..] with nw[s..] over their common length: negative when old's suffix sorts first. */
function compareAt (old: Uint8Array, o: number, nw: Uint8Array, s: number): number {
  const n = Math.min(old.length - o, nw.length - s)
  return Buffer.compare(old.subarray(o, o + n), nw.subarray(s, s + n))
}

/**
 * The longest match of nw[scan..] in `old`, by binary search of its suffix array `sa`
 * (bsdiff's `search`). Writes the old offset to `pos[0]` and returns the length.
 */
export function searchLongest (sa: Int32Array, old: Uint8Array, nw: Uint8Array, scan: number, pos: Int32Array): number {
  let st = 0
  let en = sa.length - 1
  while (en - st >= 2) {
    const x = st + ((en - st) >> 1)
    if (compareAt(old, sa[x]!, nw, scan) < 0) st = x
    else en = x
  }
  const a = matchLen(old, sa[st]!, nw, scan)
  const b = matchLen(old, sa[en]!, nw, scan)
  if (a > b) { pos[0] = sa[st]!; return a }
  pos[0] = sa[en]!
  return b
}

/**
 * bsdiff's control triples turning `old` into `nw`.
 * @param old - the base image
 * @param nw - the new image
 * @param sa - the suffix array of `old` (./suffix-array.ts)
 * @param mismatch - how many more bytes a new match must win by over the current alignment to
 *   cut a control (bsdiff: 8)
 * @returns controls whose adds and extras cover `nw` exactly, in order
 */
export function bsdiffControls (old: Uint8Array, nw: Uint8Array, sa: Int32Array, mismatch = 8): Controls {
  const values: number[] = []
  const oldSize = old.length
  const newSize = nw.length
  if (oldSize === 0) {
    values.push(0, newSize, 0)
    return { values }
  }
  const posBox = new Int32Array(1)
  let scan = 0
  let len = 0
  let pos = 0
  let lastScan = 0
  let lastPos = 0
  let lastOffset = 0
  while (scan < newSize) {
    let oldScore = 0
    let scsc = scan += len
    for (; scan < newSize; scan++) {
      len = searchLongest(sa, old, nw, scan, posBox)
      pos = posBox[0]!
      for (; scsc < scan + len; scsc++) {
        if (scsc + lastOffset < oldSize && old[scsc + lastOffset] === nw[scsc]) oldScore++
      }
      if ((len === oldScore && len !== 0) || len > oldScore + mismatch) break
      if (scan + lastOffset < oldSize && old[scan + lastOffset] === nw[scan]) oldScore--
    }
    if (len !== oldScore || scan === newSize) {
      let s = 0
      let sf = 0
      let lenF = 0
      for (let i = 0; lastScan + i < scan && lastPos + i < oldSize;) {
        if (old[lastPos + i] === nw[lastScan + i]) s++
        i++
        if (s * 2 - i > sf * 2 - lenF) { sf = s; lenF = i }
      }
      let lenB = 0
      if (scan < newSize) {
        s = 0
        let sb = 0
        for (let i = 1; scan >= lastScan + i && pos >= i; i++) {
          if (old[pos - i] === nw[scan - i]) s++
          if (s * 2 - i > sb * 2 - lenB) { sb = s; lenB = i }
        }
      }
      if (lastScan + lenF > scan - lenB) {
        const overlap = lastScan + lenF - (scan - lenB)
        s = 0
        let ss = 0
        let lens = 0
        for (let i = 0; i < overlap; i++) {
          if (nw[lastScan + lenF - overlap + i] === old[lastPos + lenF - overlap + i]) s++
          if (nw[scan - lenB + i] === old[pos - lenB + i]) s--
          if (s > ss) { ss = s; lens = i + 1 }
        }
        lenF += lens - overlap
        lenB -= lens
      }
      const extra = scan - lenB - (lastScan + lenF)
      const seek = pos - lenB - (lastPos + lenF)
      if (lenF > 0 || extra > 0) values.push(lenF, extra, seek)
      else if (values.length > 0) values[values.length - 1]! += seek
      else if (seek !== 0) values.push(0, 0, seek) // only at the very start; dropped by the block cutter
      lastScan = scan - lenB
      lastPos = pos - lenB
      lastOffset = pos - scan
    }
  }
  return { values }
}
