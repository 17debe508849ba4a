// Benchmark only: compiled when BENCH_BUILD=1 (next.config.js pageExtensions), never in a production
// build. Reads the request body as text and answers a fixed JSON object of about 1 kB, like an API
// route does, but with no parsing, validation or database: the difference to `/api/bench/noop` is the
// cost of the body stream and of the larger JSON answer.
export const dynamic = 'force-dynamic';

const answer = {
  portal_session: {
    id: 'portal_bench_0123456789abcdef',
    token: 'bench_token_0123456789abcdef0123456789abcdef0123456789abcdef0123',
    access_url: 'http://127.0.0.1/portal/access?token=bench_token_0123456789abcdef0123456789abcdef',
    redirect_url: 'http://127.0.0.1/members',
    status: 'created',
    created_at: 1764547200,
    expires_at: 1764550800,
    object: 'portal_session',
    customer_id: 'bench_customer_0123456789',
    linked_customers: [
      {
        object: 'linked_customer',
        customer_id: 'bench_customer_0123456789',
        email: 'bench_customer_0123456789@example.com',
        has_billing_address: false,
        has_payment_method: false,
        has_active_subscription: false,
      },
    ],
    padding: 'x'.repeat(420),
  },
};

export async function POST(request: Request) {
  await request.text();
  return Response.json(answer, { headers: { 'Cache-Control': 'no-store' } });
}
