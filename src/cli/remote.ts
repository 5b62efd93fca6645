import { CliError } from '#src/cli/context.ts';

/** Calls a running Guanxi server's API for data commands given `--url` and `--token`. */
export async function callApi<T>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, url), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(`Could not reach the Guanxi server at ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      const problem = JSON.parse(text) as {
        detail?: string;
        title?: string;
        errors?: { field: string; message: string }[];
      };
      message = [
        problem.detail ?? problem.title,
        ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`),
      ]
        .filter(Boolean)
        .join('; ');
    } catch {
      // not problem+json: show the body as it came
    }
    throw new CliError(`The server answered ${response.status}: ${message}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}
