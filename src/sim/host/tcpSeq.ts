/** Sequence-number arithmetic modulo 2^32 (the kernel's before()/after()). Values are uint32. */

export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
export const seqLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
export const seqLe = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
export const seqGt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
