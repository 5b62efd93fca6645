import type { Team, User } from '#src/modules/users/users.schema.ts';

/** Direct API calls for test setup, authenticated with a bearer token (no cookie, so no Origin check). */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly token: string;

  private constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  static async login(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return new ApiClient(baseUrl, token);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createTeam(name: string): Promise<Team> {
    return this.call<Team>('POST', '/api/v1/teams', { name });
  }

  async createUser(input: {
    email: string;
    name: string;
    role: User['role'];
    password: string;
    teamId?: string;
    locale?: User['locale'];
  }) {
    return (await this.call<{ user: User }>('POST', '/api/v1/users', input)).user;
  }

  me(): Promise<User> {
    return this.call<User>('GET', '/api/v1/me');
  }
}
