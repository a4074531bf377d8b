/** The device side of delta updates: the streaming, resumable apply. */
export { DeltaApplier, applyDeltaStream, applyDeltaBytes, checkBase, type DeltaIo, type ReadAt, type WriteAt, type BlockDone, type ApplyStreamOptions, type ApplyResult } from './apply.js'
export { openFileIo, fileChunks, type FileIo } from './file-io.js'
