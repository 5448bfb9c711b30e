// What a tunnel header (GRE, ERSPAN, MPLS) says follows it: an IP header, an Ethernet frame, or
// why there is nothing to read.

export type TunnelPayload =
  | { readonly kind: 'ip'; readonly at: number }
  | { readonly kind: 'ethernet'; readonly at: number }
  | { readonly kind: 'skip'; readonly reason: string };
