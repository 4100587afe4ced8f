// API tokens: long-lived tokens made in the FinCode dashboard, sent as `X-Auth-Token`.
// The guide offers exactly these expiries: 24 hours, 1 month, 3 months, 6 months, 1 year.

export const API_TOKEN_EXPIRIES = ['24h', '1m', '3m', '6m', '1y'] as const;
export type ApiTokenExpiry = (typeof API_TOKEN_EXPIRIES)[number];

export const API_TOKEN_EXPIRY_LABELS: Readonly<Record<ApiTokenExpiry, string>> = {
  '24h': '24 hours',
  '1m': '1 month',
  '3m': '3 months',
  '6m': '6 months',
  '1y': '1 year',
};

const DAY = 24 * 60 * 60;

/** Lifetime in seconds; months are counted as 30 days, a year as 365. */
export const API_TOKEN_EXPIRY_SECONDS: Readonly<Record<ApiTokenExpiry, number>> = {
  '24h': DAY,
  '1m': 30 * DAY,
  '3m': 90 * DAY,
  '6m': 180 * DAY,
  '1y': 365 * DAY,
};

export function isApiTokenExpiry(value: unknown): value is ApiTokenExpiry {
  return typeof value === 'string' && (API_TOKEN_EXPIRIES as readonly string[]).includes(value);
}
