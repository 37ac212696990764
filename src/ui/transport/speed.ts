/**
 * The speed slider is logarithmic: position 0..100 gives ×0.001 .. ×100 (virtual ms per wall
 * ms), each 20 steps a factor of 10. With the seed's 20 ms links, ×0.05 (the default) shows a
 * hop in 0.4 s; ×100 runs a 10 s connect timeout in a tenth of a second.
 */
export const SPEED_MIN_POS = 0;
export const SPEED_MAX_POS = 100;
export const DEFAULT_SPEED = 0.05;

export function speedFromPos(pos: number): number {
  const v = Math.pow(10, pos / 20 - 3);
  // two significant digits, so the label and the worker see the same number
  return Number(v.toPrecision(2));
}

export function posFromSpeed(speed: number): number {
  return Math.round(20 * (Math.log10(Math.max(speed, 1e-6)) + 3));
}

export function formatSpeed(speed: number): string {
  return `×${speed >= 10 ? speed.toFixed(0) : speed >= 1 ? speed.toFixed(1).replace(/\.0$/, '') : String(speed)}`;
}
