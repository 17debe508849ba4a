import { z } from 'zod';
import { db } from '@/lib/db/client';
import { formText, isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { ApiError } from '@/lib/provider/api/errors';
import { isTimeTravelPanelEnabled, jumps, startJump, waitForTravel } from '@/lib/provider/time-travel-panel';

export const dynamic = 'force-dynamic';

const notFound = () =>
  Response.json({ error: 'Not found: time travel exists only on development servers.' }, { status: 404 });

/**
 * The time-travel panel's buttons: moves the provider's time machine (`jump` = day, week, renewal or
 * trial_end), waits for the travel to finish, then shows the panel with the events it emitted. A jump
 * the machine refuses changes nothing and comes back with the reason. Never in production.
 */
export async function POST(request: Request) {
  if (!isTimeTravelPanelEnabled()) return notFound();
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const jump = z.enum(jumps).safeParse(formText(await request.formData(), 'jump', 20));
  if (!jump.success) return seeOther('/dev/time-travel?refused=unknown');
  const database = await db();
  try {
    const started = await startJump(database, jump.data);
    if (!started.ok) return seeOther(`/dev/time-travel?refused=${jump.data}`);
    await waitForTravel(database);
    return seeOther(`/dev/time-travel?jump=${jump.data}&from=${started.from}&since=${started.since}`);
  } catch (error) {
    if (error instanceof ApiError) return seeOther(`/dev/time-travel?refused=${jump.data}`);
    throw error;
  }
}

export function GET() {
  return isTimeTravelPanelEnabled()
    ? new Response('Use the buttons on /dev/time-travel.', { status: 405, headers: { Allow: 'POST' } })
    : notFound();
}
