/** Connection status bits (`enum ip_conntrack_status`), those this engine uses. */
export const IPS_EXPECTED = 1 << 0;
export const IPS_SEEN_REPLY = 1 << 1;
export const IPS_ASSURED = 1 << 2;
export const IPS_CONFIRMED = 1 << 3;
export const IPS_DYING = 1 << 9;
export const IPS_HELPER = 1 << 13;

/** Names as `-m conntrack --ctstatus` spells them. */
export const CTSTATUS_BITS: Record<string, number> = {
  EXPECTED: IPS_EXPECTED,
  SEEN_REPLY: IPS_SEEN_REPLY,
  ASSURED: IPS_ASSURED,
  CONFIRMED: IPS_CONFIRMED,
};
