import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFailureLimit } from '@/lib/provider/api/auth';
import { api, expectChargebeeError } from '../support/api';
import { type Deployment, startDeployment } from './support/instances';

let deployment: Deployment;
let a: string;
let b: string;

beforeAll(async () => {
  deployment = await startDeployment(2, { PROVIDER_WEBHOOK_URL: 'http://127.0.0.1:9/unused' });
  [a, b] = deployment.instances.map((instance) => instance.url) as [string, string];
});

afterAll(async () => {
  await deployment?.close();
});

const address = () => `198.51.100.${randomInt(1, 255)}`;
const guess = (i: number) => `test_wrong_guess_${i}_${randomInt(1_000_000)}`;

describe('API keys guessed over two instances', () => {
  it('answers no more wrong keys than the limit with a 401, however the guesses are spread', async () => {
    const from = address();
    const total = apiKeyFailureLimit.limit + 15;
    const answers = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        api(
          'GET',
          'customers',
          {},
          {
            baseUrl: i % 2 === 0 ? a : b,
            key: guess(i),
            headers: { 'X-Forwarded-For': from },
          },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(apiKeyFailureLimit.limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    for (const answer of answers.filter((candidate) => candidate.status === 429)) {
      expectChargebeeError(answer, 429, 'api_request_limit_exceeded');
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // Past the limit a wrong key is refused on either instance, and from then on so is the right one.
    for (const base of [a, b]) {
      const late = await api(
        'GET',
        'customers',
        {},
        { baseUrl: base, key: guess(total), headers: { 'X-Forwarded-For': from } },
      );
      expect(late.status).toBe(429);
      const right = await api(
        'GET',
        'customers',
        {},
        { baseUrl: base, headers: { 'X-Forwarded-For': from } },
      );
      expect(right.status).toBe(429);
    }
  });
});
