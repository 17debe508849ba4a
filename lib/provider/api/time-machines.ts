import { z } from 'zod';
import { retrieveTimeMachine, startAfresh, travelForward } from '../time-machine';
import { cb } from './params';
import { route } from './route';

/** Chargebee's test-site time machine: retrieve it, start it afresh, move it forward. */
export const timeMachineRoutes = [
  route({
    method: 'GET',
    path: 'time_machines/:time_machine_name',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveTimeMachine(db, ids.time_machine_name as string),
  }),
  route({
    method: 'POST',
    path: 'time_machines/:time_machine_name/start_afresh',
    params: z.object({ genesis_time: cb.timestamp().optional() }),
    handle: (params, { db, ids }) => startAfresh(db, ids.time_machine_name as string, params.genesis_time),
  }),
  route({
    method: 'POST',
    path: 'time_machines/:time_machine_name/travel_forward',
    params: z.object({ destination_time: cb.timestamp() }),
    handle: (params, { db, ids }) =>
      travelForward(db, ids.time_machine_name as string, params.destination_time),
  }),
];
