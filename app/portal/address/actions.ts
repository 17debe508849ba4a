'use server';

import { runPortalForm } from '@/lib/portal/form-action';
import type { FormState } from '@/lib/portal/form-state';
import { type AddressField, addressFields, addressSchema } from '@/lib/portal/profile';
import { updateBillingInfo } from '@/lib/provider/customers';

export async function saveBillingAddress(
  _previous: FormState<AddressField>,
  form: FormData,
): Promise<FormState<AddressField>> {
  return runPortalForm(
    form,
    addressFields,
    addressSchema,
    (address, { tx, customer }) => updateBillingInfo(tx, customer.id, address, 'portal'),
    'Your billing address is saved.',
  );
}
