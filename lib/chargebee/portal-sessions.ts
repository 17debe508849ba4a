import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { type PortalSession, portalSessionResponse } from './schemas';

export async function createPortalSession(
  input: { customerId: string; redirectUrl: string; forwardUrl?: string },
  http: ChargebeeHttp = chargebee(),
): Promise<PortalSession> {
  const { portal_session } = await http.post('portal_sessions', portalSessionResponse, {
    customer: { id: input.customerId },
    redirect_url: input.redirectUrl,
    forward_url: input.forwardUrl,
  });
  return portal_session;
}

/** Confirms the portal-login result that came back on the return URL (`auth_session_id`/`_token`). */
export async function activatePortalSession(
  id: string,
  token: string,
  http: ChargebeeHttp = chargebee(),
): Promise<PortalSession> {
  const { portal_session } = await http.post(
    `portal_sessions/${pathId(id, 'portal_session_id')}/activate`,
    portalSessionResponse,
    { token },
  );
  return portal_session;
}

export async function logoutPortalSession(
  id: string,
  http: ChargebeeHttp = chargebee(),
): Promise<PortalSession> {
  const { portal_session } = await http.post(
    `portal_sessions/${pathId(id, 'portal_session_id')}/logout`,
    portalSessionResponse,
  );
  return portal_session;
}
