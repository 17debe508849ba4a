// The load generator of `npm run bench`, run by scripts/bench/run.ts in a process of its own so it
// never shares an event loop with the harness. Reads one target as JSON from the file named by
// argv[2], runs autocannon against it for a fixed time (or a fixed number of requests, for targets
// that consume one prepared item per request) and prints one JSON line with the result.
import fs from 'node:fs';
import autocannon from 'autocannon';

const target = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const options = {
  url: target.url,
  method: target.method ?? 'GET',
  headers: target.headers ?? {},
  body: target.body,
  connections: target.connections,
  pipelining: 1,
  timeout: 10,
  // Redirects are answers here (the signed-out gate is one), never followed.
  followRedirects: false,
};

// A fixed-count run ends at autocannon's next 1-second tick, so its own duration is rounded up to
// whole seconds; such runs are timed here from the first request sent to the last answer received.
let firstSentAt;
let lastAnsweredAt;

if (Array.isArray(target.sequence) && target.sequence.length > 0) {
  // One prepared request per call (activate spends one session each): a fixed count, never reused.
  let next = 0;
  const sequence = target.sequence;
  options.amount = sequence.length;
  options.requests = [
    {
      setupRequest: (request) => {
        firstSentAt ??= performance.now();
        const item = sequence[next % sequence.length];
        next += 1;
        return { ...request, path: item.path, body: item.body };
      },
      onResponse: () => {
        lastAnsweredAt = performance.now();
      },
    },
  ];
} else {
  options.duration = target.duration;
}

const result = await autocannon(options);
const statusCodes = {};
for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
const total = result.requests.total;
const seconds =
  firstSentAt !== undefined && lastAnsweredAt !== undefined
    ? (lastAnsweredAt - firstSentAt) / 1000
    : result.duration;
process.stdout.write(
  `${JSON.stringify({
    requests: total,
    seconds,
    rps: seconds > 0 ? total / seconds : 0,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
