import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { type ChargebeeEvent, eventResponse } from './schemas';

export async function retrieveEvent(id: string, http: ChargebeeHttp = chargebee()): Promise<ChargebeeEvent> {
  const { event } = await http.get(`events/${pathId(id, 'event_id')}`, eventResponse);
  return event;
}
