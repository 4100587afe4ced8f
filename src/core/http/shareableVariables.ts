// Our variables as another extension may see them: the active environment's `baseUrl` and the
// selected environment's variables, each expanded to the plain value we would send (REST Client
// does not expand references inside an environment value), and never a credential: a variable
// whose name or value looks like one is withheld, and so is one whose value contains a withheld
// variable's value or is computed anew for each request ({{$guid}}, {{$processEnv …}}, chaining).
import { isSecretName, looksLikeSecret } from '../redact';
import { createResolver, UnresolvedVariableError, VariableCycleError } from './variables';

export interface WithheldVariable {
  readonly name: string;
  readonly reason: string;
}

export interface ShareableVariables {
  readonly variables: Readonly<Record<string, string>>;
  readonly withheld: readonly WithheldVariable[];
}

export interface OurVariables {
  /** The active FinCode environment's base URL, our built-in `{{baseUrl}}`; none without an active environment. */
  readonly baseUrl?: string;
  /** The variables we resolve `{{name}}` with (`$shared` and the selected environment's). */
  readonly variables: Readonly<Record<string, string>>;
}

class PerRequestValue extends Error {}

const perRequest = (): never => {
  throw new PerRequestValue();
};

export function shareableVariables(ours: OurVariables): ShareableVariables {
  // An environment variable named baseUrl wins over the built-in, as when we send.
  const names = [...new Set([...(ours.baseUrl === undefined ? [] : ['baseUrl']), ...Object.keys(ours.variables)])];
  const secretValues = names.filter(isSecretName).map((name) => ours.variables[name] ?? '').filter((value) => value.trim().length >= 4);
  const variables: [string, string][] = [];
  const withheld: WithheldVariable[] = [];
  for (const name of names) {
    const result = isSecretName(name) ? { reason: 'its name is one a credential would have' } : expanded(name, ours);
    if ('reason' in result) withheld.push({ name, reason: result.reason });
    else if (looksLikeSecret(result.value) || secretValues.some((secret) => result.value.includes(secret))) withheld.push({ name, reason: 'its value looks like a credential' });
    else variables.push([name, result.value]);
  }
  return { variables: Object.fromEntries(variables), withheld };
}

function expanded(name: string, ours: OurVariables): { value: string } | { reason: string } {
  const resolver = createResolver({
    environmentVariables: ours.variables,
    ...(ours.baseUrl === undefined ? {} : { baseUrl: ours.baseUrl }),
    processEnv: {},
    dotenv: () => undefined,
    now: perRequest,
    random: perRequest,
    guid: perRequest,
  });
  try {
    const value = resolver.resolve(`{{${name}}}`, { line: 0, column: 0 });
    return resolver.needs.size > 0 ? { reason: "it reads another request's response" } : { value };
  } catch (error) {
    if (error instanceof PerRequestValue) return { reason: 'its value is computed anew for each request ({{$…}})' };
    if (error instanceof VariableCycleError) return { reason: 'its value refers to itself' };
    if (error instanceof UnresolvedVariableError) return { reason: `it uses {{${error.variable}}}, which only FinCode resolves when it sends` };
    throw error;
  }
}
