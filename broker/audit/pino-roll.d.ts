/**
 * Types of pino-roll 4.x (it ships none): its default export builds a SonicBoom destination that
 * rolls its file (see node_modules/pino-roll/pino-roll.js for the options).
 */
declare module 'pino-roll' {
  import type { SonicBoom } from 'sonic-boom'
  import type { SonicBoomOpts } from 'sonic-boom'

  interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest' | 'fd'> {
    file: string | (() => string)
    size?: number | string
    frequency?: number | 'daily' | 'hourly'
    extension?: string
    symlink?: boolean
    limit?: { count: number, removeOtherLogFiles?: boolean }
    dateFormat?: string
  }

  export default function build (options: PinoRollOptions): Promise<SonicBoom>
}
