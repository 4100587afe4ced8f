// Demo transaction endpoints: create, list, update status, refund, and the analytics report
// computed from the transactions the caller may see.
import { demoReply, isoNow, listReply, ownedItem, requiredCustomer, shown, visible, type DemoCall, type RecordView } from './demoAccess';
import type { Transaction } from './demoData';
import { randomId } from './ids';
import { json, type Reply } from './reply';
import { bodyObject, invalid, oneOf, optionalString, positiveNumber, requiredString } from './validate';

const TRANSACTION_STATUSES = ['pending', 'processing', 'completed', 'cancelled', 'failed'] as const;

const FLAT_FEE = 2.5;

const TRANSACTION_VIEW: RecordView<Transaction> = {
  owners: (transaction) => [transaction.customer_id, transaction.created_by],
  limited: ({ id, status, amount, currency }) => ({ id, status, amount, currency }),
};

function currency(body: Record<string, unknown>, field: string): string {
  const value = requiredString(body, field);
  return /^[A-Z]{3}$/.test(value) ? value : invalid(`Invalid field ${field}: expected an ISO 4217 code such as GBP`);
}

export function createTransaction(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const transaction: Transaction = {
    id: randomId('txn'),
    customer_id: requiredCustomer(call, body),
    created_by: call.principal.user.id,
    amount: positiveNumber(body, 'amount'),
    currency: currency(body, 'currency'),
    status: 'pending',
    fee: FLAT_FEE,
    created_at: isoNow(call),
  };
  call.ctx.state.demo.transactions.push(transaction);
  return demoReply(call, 201, shown(call, transaction, TRANSACTION_VIEW));
}

export function listTransactions(call: DemoCall): Reply {
  return listReply(call, call.ctx.state.demo.transactions, TRANSACTION_VIEW);
}

export function updateTransaction(call: DemoCall): Reply {
  const transaction = ownedItem(call, call.ctx.state.demo.transactions, call.ctx.params.id, TRANSACTION_VIEW);
  transaction.status = oneOf(bodyObject(call.ctx.body), 'status', TRANSACTION_STATUSES);
  return demoReply(call, 200, shown(call, transaction, TRANSACTION_VIEW));
}

export function refundTransaction(call: DemoCall): Reply {
  const transaction = ownedItem(call, call.ctx.state.demo.transactions, call.ctx.params.id, TRANSACTION_VIEW);
  const reason = optionalString(bodyObject(call.ctx.body, true), 'reason') ?? 'Requested by customer';
  if (transaction.status !== 'completed') {
    return json(409, { emulator: true, error: 'conflict', message: `Only completed transactions can be refunded (this one is ${transaction.status})` });
  }
  transaction.status = 'refunded';
  const refund = { id: randomId('rfd'), transaction_id: transaction.id, amount: transaction.amount, currency: transaction.currency, reason };
  return demoReply(call, 201, call.grant === 'limited' ? { id: refund.id, transaction_id: transaction.id } : refund);
}

/** Sums per key; a Map, so a key such as "__proto__" (customer ids come from bodies) is just a key. */
function tally(
  transactions: readonly Transaction[],
  key: (transaction: Transaction) => string,
  amount: (transaction: Transaction) => number,
): Record<string, number> {
  const totals = new Map<string, number>();
  for (const transaction of transactions) totals.set(key(transaction), (totals.get(key(transaction)) ?? 0) + amount(transaction));
  return Object.fromEntries(totals);
}

export function analyticsReport(call: DemoCall): Reply {
  const transactions = visible(call, call.ctx.state.demo.transactions, TRANSACTION_VIEW);
  const summary = { transaction_count: transactions.length, by_status: tally(transactions, (t) => t.status, () => 1) };
  if (call.grant === 'limited') return demoReply(call, 200, summary);
  return demoReply(call, 200, {
    ...summary,
    volume_by_currency: tally(transactions, (t) => t.currency, (t) => t.amount),
    fees_collected: tally(transactions, (t) => t.currency, (t) => t.fee),
    volume_by_customer: tally(transactions, (t) => t.customer_id, (t) => t.amount),
  });
}
