/** The seeded PRNG the tests share with the torture harness (torture/prng.ts owns it). */
export { prng } from '../../torture/prng.js'
