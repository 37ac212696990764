/**
 * The lab's Ethernet addresses: fixed, locally administered, one per interface (node and
 * interface numbers in the last two bytes). The reference machine's veths get random ones.
 */
export function macOf(node: number, iface: number): string {
  const two = (n: number) => n.toString(16).padStart(2, '0');
  return `02:00:00:00:${two(node + 1)}:${two(iface + 1)}`;
}
