/**
 * Opacus's default RDP orders: 1 + x/10 for x = 1..99 (1.1 … 10.9), then the integers 12..63.
 * 151 orders; 11 is not among them (docs/methods.md#rdp).
 */
export function defaultRdpOrders(): number[] {
  const orders: number[] = [];
  for (let x = 1; x <= 99; x++) orders.push(1 + x / 10);
  for (let a = 12; a <= 63; a++) orders.push(a);
  return orders;
}

export const DEFAULT_RDP_ORDERS: readonly number[] = Object.freeze(defaultRdpOrders());
