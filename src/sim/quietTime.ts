/**
 * Quiet time: while playing, a stretch with nothing on the links (a SYN sent and dropped, a
 * retransmission timer running, a conntrack entry counting down) passes quickly instead of at
 * the slow speed that lets a student follow a packet. At the moment the links fall quiet, the
 * gap to the next thing due is covered in about FAST_FORWARD_WALL_MS of wall time, whatever its
 * length; then the chosen speed resumes. Pure: the session calls it from `tick`.
 */

/** Wall ms a quiet stretch takes, however long it is in virtual time. */
export const FAST_FORWARD_WALL_MS = 700;
/**
 * Longer stretches are not skipped: an idle established TCP connection's next due moment is
 * its 5-day conntrack timeout, and jumping there would surprise more than it teaches ("Next
 * timeout" still gets there in one click).
 */
export const MAX_FAST_FORWARD_MS = 10 * 60 * 1000;

export interface FastForward {
  from: number;
  to: number;
  /** Virtual ms per wall ms while it lasts. */
  speed: number;
}

/**
 * Whether to fast-forward now: `now` and the next due moment (null: nothing due), whether any
 * packet is on a link, and the chosen speed. Stretches that the chosen speed already plays in
 * about FAST_FORWARD_WALL_MS are left alone.
 */
export function planFastForward(now: number, nextDue: number | null, linksBusy: boolean, speed: number): FastForward | null {
  if (linksBusy || nextDue === null || nextDue <= now) return null;
  const gap = nextDue - now;
  if (gap > MAX_FAST_FORWARD_MS) return null;
  if (gap / speed <= FAST_FORWARD_WALL_MS) return null;
  return { from: now, to: nextDue, speed: gap / FAST_FORWARD_WALL_MS };
}
