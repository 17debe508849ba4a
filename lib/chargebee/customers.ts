import { type ChargebeeHttp, chargebee } from './http';
import { pathId } from './ids';
import { type Customer, customerResponse } from './schemas';

export async function retrieveCustomer(id: string, http: ChargebeeHttp = chargebee()): Promise<Customer> {
  const { customer } = await http.get(`customers/${pathId(id, 'customer_id')}`, customerResponse);
  return customer;
}

export function customerDisplayName(customer: Customer): string {
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ').trim();
  return name || customer.email || 'Subscriber';
}
