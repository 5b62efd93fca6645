import { expect } from 'vitest';
import type { Problem } from '#src/shared/schema.ts';

/** A stack frame as Node prints it (`at fn (file:///…:12:3)`, `at node:internal/…`): never in a response. */
export const stackFrame = /\bat\s+(?:\S+\s+\()?(?:file:\/\/|node:|\/)[^\s)]*:\d+(?::\d+)?/;

interface ResponseLike {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * Asserts a problem+json answer (DESIGN §4): the status, the code, every member of the shape, the request id
 * equal to the x-request-id header, and no stack trace anywhere in the body.
 */
export function expectProblem(response: ResponseLike, status: number, code: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(response.body).not.toMatch(stackFrame);
  const problem = JSON.parse(response.body) as Problem;
  expect(problem).toEqual({
    type: `urn:guanxi:problem:${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    requestId: response.headers['x-request-id'],
    errors: expect.any(Array),
  });
  expect(problem.title.length).toBeGreaterThan(0);
  for (const error of problem.errors)
    expect(error).toEqual({
      field: expect.any(String),
      message: expect.any(String),
      ...(error.code !== undefined && { code: expect.any(String) }),
    });
  return problem;
}

/** The fields a problem names, sorted. */
export const fieldsOf = (problem: Problem): string[] => problem.errors.map((e) => e.field).sort();
