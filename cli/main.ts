#!/usr/bin/env node
/**
 * The `aedes-ota` command. The tree is built in ./program.ts, each sub-command in cli/commands/.
 */
import { buildProgram } from './program.js'
import { fail } from './output.js'

buildProgram().parseAsync(process.argv).catch(fail)
