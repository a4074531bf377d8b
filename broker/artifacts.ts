/**
 * The artifact files of the release store: `<dataDir>/artifacts/<sha256 hex>.bin`, one per
 * distinct artifact (an image, a compressed image or a delta patch), whatever the number of
 * releases using it. Each served artifact is an open file plus its Merkle tree in memory (about
 * 64 bytes per chunk) to serve inclusion proofs; chunks are read from the file per frame.
 *
 * What the store keeps per release is a list of these; which files a set of releases still
 * uses, and so which may be deleted, is decided here from the artifact ids.
 */
import { open, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError, bytesEqual, chunkCount, createSha256, toHex, leafHash, MerkleTree, type Artifact } from '../proto/index.js'
import { chunkFrameSlot } from '../proto/codec/chunk.js'
import { writeFileAtomic } from '../proto/files.js'

/** What an artifact of a release is. */
export type ArtifactKind = 'image' | 'compressed' | 'delta'

/** An artifact of a release, as the request handler sees it. */
export interface ReleaseArtifact {
  /** hex SHA-256 of the artifact's bytes: its id on the wire and its file name */
  id: string
  /** `image` (the manifest's image), `compressed` (`manifest.compressedImage`) or `delta` (one of `manifest.deltas`) */
  kind: ArtifactKind
  /** the base image's version for a delta; '' for the image and the compressed image */
  baseVersion: string
  /** the signed artifact: size and chunk size in bytes, digest, Merkle root */
  artifact: Artifact
  /** number of chunks (`chunkCount(size, chunkSize)`) */
  count: number
}

/** An artifact being served: its open file and Merkle tree. */
export interface ServedArtifact {
  meta: ReleaseArtifact
  file: FileHandle
  tree: MerkleTree
}

/** The path of artifact `id` (hex SHA-256) in the artifacts folder `dir`. */
export function artifactPath (dir: string, id: string): string {
  return join(dir, `${id}.bin`)
}

/** The description of a signed artifact of kind `kind`. */
export function describeArtifact (artifact: Artifact, kind: ArtifactKind, baseVersion = ''): ReleaseArtifact {
  return { id: toHex(artifact.sha256), kind, baseVersion, artifact, count: chunkCount(artifact.size, artifact.chunkSize) }
}

/**
 * Opens the stored file of an artifact and checks it against its signed description: the file is
 * streamed once (one chunk in memory), hashed, and its Merkle tree built and compared with the
 * signed root. What is served after a restart is what was verified.
 * @throws OtaError `OTA_BUNDLE` when the file's size, digest or Merkle root does not match,
 *   `OTA_IO` when it is missing or cannot be read (a Node error is mapped by `toOtaError`)
 */
export async function loadArtifact (dir: string, meta: ReleaseArtifact): Promise<ServedArtifact> {
  const a = meta.artifact
  let file: FileHandle
  try {
    file = await open(artifactPath(dir, meta.id), 'r')
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot open the stored ${meta.kind} ${meta.id}`)
  }
  try {
    const h = createSha256()
    const leaves: Uint8Array[] = []
    const buf = Buffer.alloc(a.chunkSize)
    let total = 0
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, a.chunkSize, total)
      if (bytesRead === 0) break
      const chunk = buf.subarray(0, bytesRead)
      h.update(chunk)
      leaves.push(leafHash(chunk))
      total += bytesRead
      if (bytesRead < a.chunkSize || total > a.size) break
    }
    if (total !== a.size || !bytesEqual(h.digest(), a.sha256)) throw new OtaError('OTA_BUNDLE', `stored ${meta.kind} ${meta.id} does not match its manifest`)
    const tree = new MerkleTree(leaves)
    if (!bytesEqual(tree.root, a.merkleRoot)) throw new OtaError('OTA_BUNDLE', `stored ${meta.kind} ${meta.id} does not match its Merkle root`)
    return { meta, file, tree }
  } catch (e) {
    await file.close().catch(() => {})
    throw toOtaError(e, 'OTA_IO', `cannot read the stored ${meta.kind} ${meta.id}`)
  }
}

/**
 * Loads every artifact of a release ({@link loadArtifact}); all or none: when one fails, the
 * files already opened are closed.
 * @throws OtaError as {@link loadArtifact}, for the first artifact that fails
 */
export async function loadArtifacts (dir: string, metas: readonly ReleaseArtifact[]): Promise<ServedArtifact[]> {
  const out: ServedArtifact[] = []
  try {
    for (const m of metas) out.push(await loadArtifact(dir, m))
    return out
  } catch (e) {
    await closeArtifacts(out)
    throw e
  }
}

/**
 * Writes verified artifact bytes atomically under their id ({@link writeFileAtomic}: a crash
 * leaves the old file or the new one, never half of one). The caller writes the envelope naming
 * them only afterwards.
 * @throws whatever the file system throws (the caller maps it to `OTA_IO`/`OTA_NO_SPACE`)
 */
export async function writeArtifacts (dir: string, items: ReadonlyArray<{ meta: ReleaseArtifact, bytes: Uint8Array }>): Promise<void> {
  for (const { meta, bytes } of items) await writeFileAtomic(artifactPath(dir, meta.id), bytes, 0o644)
}

/**
 * Opens artifact files just written, with the trees their bundle verification built; all or none.
 * @throws whatever the file system throws
 */
export async function openArtifacts (dir: string, items: ReadonlyArray<{ meta: ReleaseArtifact, tree: MerkleTree }>): Promise<ServedArtifact[]> {
  const out: ServedArtifact[] = []
  try {
    for (const { meta, tree } of items) out.push({ meta, tree, file: await open(artifactPath(dir, meta.id), 'r') })
    return out
  } catch (e) {
    await closeArtifacts(out)
    throw e
  }
}

/** Closes the files of served artifacts (errors ignored: the file is going anyway). */
export async function closeArtifacts (served: readonly ServedArtifact[]): Promise<void> {
  await Promise.all(served.map(async (s) => await s.file.close().catch(() => {})))
}

/**
 * Deletes the files of the artifacts `ids` that `stillUsed` does not name (best effort: a file
 * already gone is no error).
 */
export async function deleteUnused (dir: string, ids: Iterable<string>, stillUsed: ReadonlySet<string>): Promise<void> {
  for (const id of new Set(ids)) if (!stillUsed.has(id)) await unlink(artifactPath(dir, id)).catch(() => {})
}

/**
 * Reads chunk `index` of a served artifact, with its inclusion proof. The chunk is read straight
 * into the data frame that will carry it (`chunkFrameSlot`): `data` is a view of that frame, and
 * `encodeDataFrame` of this chunk returns the frame without copying the chunk again.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an index out of range, `OTA_IO` when the read fails
 *   or comes back short
 */
export async function readChunk (s: ServedArtifact, index: number): Promise<{ data: Uint8Array, proof: Uint8Array[] }> {
  const { chunkSize, size } = s.meta.artifact
  const id = s.meta.id
  const offset = index * chunkSize
  const len = Math.min(chunkSize, size - offset)
  if (!Number.isInteger(index) || index < 0 || len <= 0) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk ${index} is out of range`)
  const proof = s.tree.proof(index)
  const { data } = chunkFrameSlot(s.meta.artifact.sha256, index, len, proof)
  let done = 0
  try {
    while (done < len) {
      const { bytesRead } = await s.file.read(data, done, len - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot read chunk ${index} of ${id}`)
  }
  if (done !== len) throw new OtaError('OTA_IO', `short read of chunk ${index} of ${id}`)
  return { data, proof }
}
