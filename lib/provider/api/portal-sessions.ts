import { z } from 'zod';
import {
  activatePortalSession,
  createPortalSession,
  logoutPortalSession,
  retrievePortalSession,
} from '../portal-sessions';
import { cb } from './params';
import { route } from './route';

export const portalSessionRoutes = [
  route({
    method: 'POST',
    path: 'portal_sessions',
    transaction: false,
    params: z.object({
      // Without any customer[...] the error names `customer[id]`, as Chargebee's does, not `customer`.
      customer: z.preprocess((value) => value ?? {}, z.object({ id: cb.id(50) })),
      redirect_url: cb.redirectUrl(250).optional(),
      forward_url: cb.redirectUrl(250).optional(),
    }),
    handle: ({ customer, redirect_url, forward_url }, { db }) =>
      createPortalSession(db, {
        customerId: customer.id,
        redirectUrl: redirect_url,
        forwardUrl: forward_url,
      }),
  }),
  route({
    method: 'GET',
    path: 'portal_sessions/:portal_session_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrievePortalSession(db, ids.portal_session_id as string),
  }),
  route({
    method: 'POST',
    path: 'portal_sessions/:portal_session_id/logout',
    transaction: false,
    params: z.object({}),
    handle: (_, { db, ids, clientIp }) => logoutPortalSession(db, ids.portal_session_id as string, clientIp),
  }),
  route({
    method: 'POST',
    path: 'portal_sessions/:portal_session_id/activate',
    transaction: false,
    params: z.object({ token: cb.nonEmpty(70) }),
    handle: ({ token }, { db, ids }) => activatePortalSession(db, ids.portal_session_id as string, token),
  }),
];
