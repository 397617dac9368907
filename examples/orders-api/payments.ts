/**
 * A fake payment gateway. The outcome is chosen by the order's card token, as payment providers'
 * test cards do, so the load generator decides the failure mix and tests get exact counts.
 */
import { PaymentFailureReason } from "./metrics";

/** Card tokens the gateway knows and what each does. Any other token is charged successfully. */
export const CardToken = {
  ok: "tok_ok",
  declined: "tok_declined",
  insufficientFunds: "tok_insufficient_funds",
  gatewayTimeout: "tok_gateway_timeout",
} as const;
export type CardToken = (typeof CardToken)[keyof typeof CardToken];

export type PaymentResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: Exclude<PaymentFailureReason, typeof PaymentFailureReason.databaseUnavailable> };

/** Charges a card token; the gateway's own failures, never the database's. */
export function charge(card: string): PaymentResult {
  switch (card) {
    case CardToken.declined:
      return { ok: false, reason: PaymentFailureReason.cardDeclined };
    case CardToken.insufficientFunds:
      return { ok: false, reason: PaymentFailureReason.insufficientFunds };
    case CardToken.gatewayTimeout:
      return { ok: false, reason: PaymentFailureReason.gatewayTimeout };
    default:
      return { ok: true };
  }
}

/** HTTP status of an order whose payment failed: the client's fault (402) or the upstream's (5xx). */
export const paymentFailureStatus: Readonly<Record<PaymentFailureReason, number>> = {
  [PaymentFailureReason.cardDeclined]: 402,
  [PaymentFailureReason.insufficientFunds]: 402,
  [PaymentFailureReason.gatewayTimeout]: 504,
  [PaymentFailureReason.databaseUnavailable]: 503,
};
