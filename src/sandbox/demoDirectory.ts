// Demo people endpoints: the organisation's users and customers' beneficiaries.
import { ROLES } from '../core/fincode/roles';
import { demoReply, listReply, requiredCustomer, shown, type DemoCall, type RecordView } from './demoAccess';
import type { Beneficiary, DirectoryUser } from './demoData';
import { randomId } from './ids';
import type { Reply } from './reply';
import { bodyObject, invalid, oneOf, requiredString } from './validate';

/** A user is "own" to its creator and to itself. */
const USER_VIEW: RecordView<DirectoryUser> = {
  owners: (user) => [user.id, user.created_by],
  limited: ({ id, role }) => ({ id, role }),
};

const BENEFICIARY_VIEW: RecordView<Beneficiary> = {
  owners: (beneficiary) => [beneficiary.customer_id],
  limited: ({ id, name, country }) => ({ id, name, country }),
};

export function listUsers(call: DemoCall): Reply {
  return listReply(call, call.ctx.state.demo.users, USER_VIEW);
}

export function createUser(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const user: DirectoryUser = {
    id: randomId('user'),
    email: requiredString(body, 'email'),
    role: oneOf(body, 'role', ROLES),
    created_by: call.principal.user.id,
  };
  call.ctx.state.demo.users.push(user);
  return demoReply(call, 201, shown(call, user, USER_VIEW));
}

export function listBeneficiaries(call: DemoCall): Reply {
  return listReply(call, call.ctx.state.demo.beneficiaries, BENEFICIARY_VIEW);
}

export function createBeneficiary(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const country = requiredString(body, 'country');
  const beneficiary: Beneficiary = {
    id: randomId('ben'),
    customer_id: requiredCustomer(call, body),
    name: requiredString(body, 'name'),
    country: /^[A-Z]{2}$/.test(country) ? country : invalid('Invalid field country: expected an ISO 3166 code such as NG'),
    account_number: requiredString(body, 'account_number'),
  };
  call.ctx.state.demo.beneficiaries.push(beneficiary);
  return demoReply(call, 201, shown(call, beneficiary, BENEFICIARY_VIEW));
}
