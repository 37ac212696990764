/** The speed slider is logarithmic: position 0..100, 50 is ×1, each 25 steps a factor of 10. */
export const SPEED_MIN_POS = 0;
export const SPEED_MAX_POS = 100;

export function speedFromPos(pos: number): number {
  const v = Math.pow(10, (pos - 50) / 25);
  // round to two significant digits so the label and the worker see the same number
  return Number(v.toPrecision(2));
}

export function posFromSpeed(speed: number): number {
  return Math.round(50 + 25 * Math.log10(Math.max(speed, 1e-6)));
}

export function formatSpeed(speed: number): string {
  return `×${speed >= 10 ? speed.toFixed(0) : speed >= 1 ? speed.toFixed(1).replace(/\.0$/, '') : String(speed)}`;
}
