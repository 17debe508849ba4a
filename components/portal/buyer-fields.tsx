import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';

type Values = Partial<Record<'email' | 'first_name' | 'last_name', string>>;

/**
 * "Your details" on a checkout for someone who is not a customer yet. Paying creates their customer
 * from these fields, so the email is asked for here (prefilled from the merchant's `customer[email]`
 * when given) and kept, like the other fields, after a failed attempt.
 */
export function BuyerFields({ values, errors }: { values: Values; errors: Values }) {
  return (
    <Card title="Your details" description="Who the subscription is for.">
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          required
          maxLength={70}
          defaultValue={values.email ?? ''}
          error={errors.email}
          hint="Receipts go here, and you sign in with it later."
          className="sm:col-span-2"
        />
        <TextField
          label="First name"
          name="first_name"
          optional
          autoComplete="given-name"
          maxLength={150}
          defaultValue={values.first_name ?? ''}
          error={errors.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          optional
          autoComplete="family-name"
          maxLength={150}
          defaultValue={values.last_name ?? ''}
          error={errors.last_name}
        />
      </div>
    </Card>
  );
}
