import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** The route pattern as registered, e.g. `/api/v1/users/:id`. */
  url: string;
}

/**
 * Every route the app registered, read from Fastify's own route table: `printRoutes()` prints the radix tree, one
 * node per line, each level indented by four characters and holding the rest of the path after its parent.
 * (With `commonPrefix: false` it misplaces wildcard nodes, so the full tree is read.) Each route read is checked
 * against the router with `hasRoute`, so a misread table fails loudly instead of testing too little.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    const match = /^(.*?)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const url = `${stack.at(-1) ?? ''}${match[2]!}`;
    stack.push(url);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  for (const route of routes) {
    if (!app.hasRoute({ method: route.method as 'GET', url: route.url })) {
      throw new Error(`misread the route table: ${route.method} ${route.url} is not a route`);
    }
  }
  return routes;
}

/** A URL that reaches the route: path parameters become a (non-existent) UUID, wildcards a plain name. */
export const concreteUrl = (url: string): string =>
  url.replace(/:[A-Za-z]+/g, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').replace(/\*$/, 'probe.txt');

/** The OpenAPI document's operations as `METHOD /path/:param`. */
export function openApiOperations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}
