// How a granted matrix access shapes a demo answer: `yes` sees and touches everything, `own`
// only the caller's own records (anything else is the documented 403), `limited` gets a
// reduced view. Every demo handler goes through these helpers, so the rules live here once.
import { forbiddenBody, type Access, type CapabilityId } from '../core/fincode/roles';
import type { Principal } from './authenticate';
import { json, notFound, ReplyError, type Reply } from './reply';
import type { RequestContext } from './router';
import { invalid, optionalString, type JsonObject } from './validate';

export type Grant = Exclude<Access, 'no'>;

/** The `scope` field of a demo answer. */
type Scope = 'full' | 'own' | 'limited';

const SCOPES: Readonly<Record<Grant, Scope>> = { yes: 'full', own: 'own', limited: 'limited' };

export interface DemoCall {
  readonly ctx: RequestContext;
  readonly principal: Principal;
  readonly grant: Grant;
  readonly capability: CapabilityId;
}

/** Who owns a record of some kind, and what its limited view shows. */
export interface RecordView<T> {
  readonly owners: (item: T) => readonly (string | undefined)[];
  readonly limited: (item: T) => Record<string, unknown>;
}

/** The ids a caller owns records under: its user id and, for a customer, its customer id. */
function ownerKeys(principal: Principal): readonly string[] {
  const { id, customerId } = principal.user;
  return customerId === undefined ? [id] : [id, customerId];
}

/** The key a caller's own settings are kept under. */
export function ownerKey(principal: Principal): string {
  return principal.user.customerId ?? principal.user.id;
}

export function owns(principal: Principal, owners: readonly (string | undefined)[]): boolean {
  const keys = ownerKeys(principal);
  return owners.some((owner) => owner !== undefined && keys.includes(owner));
}

export function forbidden(principal: Principal): ReplyError {
  return new ReplyError(json(403, forbiddenBody(principal.user.role)));
}

/** The demo envelope: marked as emulator output, naming the capability and the scope served. */
export function demoReply(call: DemoCall, status: number, data: unknown): Reply {
  return json(status, { emulator: true, capability: call.capability, scope: SCOPES[call.grant], data });
}

export function shown<T>(call: DemoCall, item: T, view: RecordView<T>): unknown {
  return call.grant === 'limited' ? view.limited(item) : item;
}

export function visible<T>(call: DemoCall, items: readonly T[], view: RecordView<T>): readonly T[] {
  return call.grant === 'own' ? items.filter((item) => owns(call.principal, view.owners(item))) : items;
}

export function listReply<T>(call: DemoCall, items: readonly T[], view: RecordView<T>): Reply {
  return demoReply(call, 200, visible(call, items, view).map((item) => shown(call, item, view)));
}

/** The record with `id`: 404 when there is none, 403 when `own` and it is someone else's. */
export function ownedItem<T extends { id: string }>(call: DemoCall, items: readonly T[], id: string | undefined, view: RecordView<T>): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new ReplyError(notFound(`No record ${String(id)}`));
  if (call.grant === 'own' && !owns(call.principal, view.owners(item))) throw forbidden(call.principal);
  return item;
}

/** The customer a new record is for: `customer_id` from the body, else the caller's own; `own` may name only its own. */
export function optionalCustomer(call: DemoCall, body: JsonObject): string | undefined {
  const customer = optionalString(body, 'customer_id') ?? call.principal.user.customerId;
  if (customer !== undefined && call.grant === 'own' && !owns(call.principal, [customer])) throw forbidden(call.principal);
  return customer;
}

export function requiredCustomer(call: DemoCall, body: JsonObject): string {
  return optionalCustomer(call, body) ?? invalid('Missing required field: customer_id');
}

export function isoNow(call: DemoCall, plusSeconds = 0): string {
  return new Date(call.ctx.state.options.now() + plusSeconds * 1000).toISOString();
}
