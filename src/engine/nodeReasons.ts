/** Reasons the netfilter node itself gives (netfilterNode.ts). */
export const NODE_REASONS: Record<string, string> = {
  'node.accepted': '{node} lets the packet through.',
  'node.dropped': '{node} drops the packet.',
  'node.ttl-exceeded': 'TTL ran out while forwarding: the packet is dropped and ICMP time exceeded is sent back.',
};
