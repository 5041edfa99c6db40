import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { API_PREFIX, openApiDocument } from '../../src/app.ts';

/**
 * The OpenAPI document as a contract every API test holds the server to: each response a test
 * receives must be declared by its operation (status), carry the declared content type, and match
 * the declared schema. `checkedApp` wraps an app so that every `request()` / `fetch()` through it
 * is checked; a response that breaks the contract fails the test that received it.
 */
type Schema = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  operation: Operation;
}

const COMPONENTS_ID = 'https://firegrid.test/components';

/**
 * The document's schemas as the check applies them: refs pointed at the components schema, and
 * every object that lists its properties closed (`unevaluatedProperties: false`, unless it says
 * otherwise), so a response carrying a field the document does not declare (a column the
 * presenter forgot to leave out) fails the test that received it.
 */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`) : rewriteRefs(v);
    }
    if ('properties' in out && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) out.unevaluatedProperties = false;
    return out;
  }
  return value;
}

class Contract {
  readonly routes: Route[] = [];
  readonly document = openApiDocument() as unknown as {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(this.document.components?.schemas ?? {}) as Schema });
    for (const [template, item] of Object.entries(this.document.paths)) {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        this.routes.push({
          method,
          template,
          pattern: new RegExp(`^${source.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          params: (template.match(/\{/g) ?? []).length,
          operation,
        });
      }
    }
    // A literal segment wins over a parameter (`/hazards/workflow` before `/hazards/{id}`).
    this.routes.sort((a, b) => a.params - b.params);
  }

  route(method: string, path: string): Route | undefined {
    const m = method.toLowerCase();
    return this.routes.find((r) => r.method === m && r.pattern.test(path));
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(rewriteRefs(schema) as Schema);
      this.validators.set(key, v);
    }
    return v;
  }

  /** The ways the response breaks the contract (empty: it holds). */
  async violations(request: Request, response: Response): Promise<string[]> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${API_PREFIX}/`) || url.pathname === `${API_PREFIX}/openapi.json`) return [];
    const path = url.pathname.slice(API_PREFIX.length);
    const route = this.route(request.method, path);
    const text = await response.clone().text();
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? null;
    const where = `${request.method} ${url.pathname} → ${response.status}`;
    if (!route) {
      // An unknown endpoint (or method) is the platform's 404, declared nowhere because it is nowhere.
      if (response.status === 404 && contentType === 'application/problem+json' && JSON.parse(text).code === 'endpoint_not_found')
        return [];
      return [`${where}: no operation in the OpenAPI document matches`];
    }
    const declared = route.operation.responses[String(response.status)] ?? route.operation.responses.default;
    const op = route.operation.operationId ?? `${route.method} ${route.template}`;
    if (!declared) return [`${where}: ${op} does not declare status ${response.status} (${text.slice(0, 200)})`];
    const content = declared.content ?? {};
    if (!Object.keys(content).length) {
      return text === '' ? [] : [`${where}: ${op} declares no body for ${response.status}, got ${text.slice(0, 100)}`];
    }
    if (!contentType || !content[contentType]) {
      return [`${where}: ${op} declares ${Object.keys(content).join(', ')} for ${response.status}, got ${contentType}`];
    }
    const schema = content[contentType]?.schema;
    if (!schema || !/json$/.test(contentType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: ${op} answered ${contentType} that is not JSON`];
    }
    const validate = this.validator(`${op} ${response.status} ${contentType}`, schema);
    if (validate(body)) return [];
    const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return [`${where}: ${op} body breaks its schema: ${problems.join('; ')} (${text.slice(0, 300)})`];
  }
}

let contract: Contract | undefined;
export const theContract = () => (contract ??= new Contract());

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

type Fetching = { fetch(request: Request, ...rest: never[]): Response | Promise<Response> };

/** The same app, with every response checked against the OpenAPI document. */
export function checkedApp<A extends Fetching & { request: (...args: never[]) => Response | Promise<Response> }>(app: A): A {
  const check = async (request: Request, response: Response) => {
    const found = await theContract().violations(request, response);
    if (found.length) throw new ContractViolation(found.join('\n'));
    return response;
  };
  return new Proxy(app, {
    get(target, prop, receiver) {
      if (prop === 'request') {
        return async (input: string | Request | URL, init?: RequestInit, ...rest: unknown[]) => {
          const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
          const response = await (target.request as (...a: unknown[]) => Promise<Response>)(request.clone(), undefined, ...rest);
          return check(request, response);
        };
      }
      if (prop === 'fetch') {
        return async (request: Request, ...rest: unknown[]) => {
          const response = await (target.fetch as (...a: unknown[]) => Promise<Response>)(request.clone(), ...rest);
          return check(request, response);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
