/**
 * The simulation's only source of randomness: a seeded PRNG (mulberry32), so that a scenario
 * and its inputs always replay to the same ISNs, ports and ids (time travel depends on it).
 */

export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    u32,
    int: (lo, hi) => lo + (u32() % (hi - lo + 1)),
  };
}
