// Demo request endpoints: KYC/AML verification submissions and transfer quotes.
import { demoReply, isoNow, optionalCustomer, requiredCustomer, shown, type DemoCall, type RecordView } from './demoAccess';
import type { CustomerRequest, Quote, Verification } from './demoData';
import { randomId } from './ids';
import type { Reply } from './reply';
import { bodyObject, oneOf, positiveNumber, requiredString } from './validate';

const DOCUMENT_TYPES = ['passport', 'driving_licence', 'national_id'] as const;

const QUOTE_LIFETIME_SECONDS = 15 * 60;
const QUOTE_FEE = 2.5;

/** Sample rates per corridor; other pairs quote at 1. */
const SAMPLE_RATES: Readonly<Record<string, number>> = { 'GBP-NGN': 1950.5, 'GBP-GHS': 15.8, 'GBP-EUR': 1.17, 'EUR-NGN': 1667.1 };

const REQUEST_VIEW: RecordView<CustomerRequest> = {
  owners: (request) => [request.customer_id, request.requested_by],
  limited: ({ id, status }) => ({ id, status }),
};

export function submitVerification(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const verification: Verification = {
    id: randomId('kyc'),
    customer_id: requiredCustomer(call, body),
    document_type: oneOf(body, 'document_type', DOCUMENT_TYPES),
    status: 'pending',
    requested_by: call.principal.user.id,
    submitted_at: isoNow(call),
  };
  call.ctx.state.demo.verifications.push(verification);
  return demoReply(call, 201, shown(call, verification, REQUEST_VIEW));
}

export function requestQuote(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const amount = positiveNumber(body, 'amount');
  const from = requiredString(body, 'from_currency');
  const to = requiredString(body, 'to_currency');
  const rate = SAMPLE_RATES[`${from}-${to}`] ?? 1;
  const customer = optionalCustomer(call, body);
  const quote: Quote = {
    id: randomId('qte'),
    ...(customer === undefined ? {} : { customer_id: customer }),
    requested_by: call.principal.user.id,
    status: 'quoted',
    from_currency: from,
    to_currency: to,
    amount,
    rate,
    fee: QUOTE_FEE,
    total_to_pay: amount + QUOTE_FEE,
    amount_received: Math.round(amount * rate * 100) / 100,
    expires_at: isoNow(call, QUOTE_LIFETIME_SECONDS),
  };
  call.ctx.state.demo.quotes.push(quote);
  return demoReply(call, 201, shown(call, quote, REQUEST_VIEW));
}
