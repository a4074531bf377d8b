// tsc does not emit plain .js sources: copy the generated protobuf module next to its compiled users.
import { cpSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
cpSync(join(root, 'proto', 'gen'), join(root, 'dist', 'proto', 'gen'), { recursive: true })
