/** The Internet checksum (RFC 1071): one's complement sum of 16-bit words, as ip_fast_csum/csum_fold. */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if ((end - start) & 1) sum += bytes[end - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function checksum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  return ~onesSum(bytes, start, end, initial) & 0xffff;
}
