/**
 * What conntrack tells the rules about a packet: `-m state` / `-m conntrack --ctstate`.
 * Mirrors the kernel's `enum ip_conntrack_info` folded to the five states xt_state matches.
 */

export const CT_NEW = 0;
export const CT_ESTABLISHED = 1;
export const CT_RELATED = 2;
export const CT_INVALID = 3;
export const CT_UNTRACKED = 4;
export type CtState = 0 | 1 | 2 | 3 | 4;

export const CT_STATE_NAMES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'] as const;
export type CtStateName = (typeof CT_STATE_NAMES)[number];

/** Direction of a packet relative to its connection (`enum ip_conntrack_dir`). */
export const DIR_ORIGINAL = 0;
export const DIR_REPLY = 1;
export type Dir = 0 | 1;
export const DIR_NAMES = ['original', 'reply'] as const;

/** Per-direction data, as the style guide's `ByDir<T>`. */
export interface ByDir<T> {
  original: T;
  reply: T;
}

/** Return codes of a tracker's packet handler, as the kernel's (NF_DROP 0, NF_ACCEPT 1). */
export const NF_DROP = 0;
export const NF_ACCEPT = 1;
/** The packet is invalid for conntrack but the core lets it pass untracked (kernel: -NF_ACCEPT). */
export const NF_INVALID = -1;
/** TCP asks the core to kill the old entry and look the packet up again (kernel: -NF_REPEAT). */
export const NF_REPEAT = -4;
