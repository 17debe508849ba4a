import { SelectField, TextField } from '@/components/ui/field';
import type { CardField } from '@/lib/portal/card-form';

const months = Array.from({ length: 12 }, (_, i) => {
  const value = String(i + 1).padStart(2, '0');
  return { value, label: value };
});

/**
 * The card inputs shared by the portal and the hosted checkout. The number and CVV start empty every
 * time: they are never sent back from the server.
 */
export function CardFields({
  values,
  errors,
  years,
}: {
  values: Partial<Record<CardField, string>>;
  errors: Partial<Record<CardField, string>>;
  years: readonly number[];
}) {
  const yearOptions = years.map((year) => ({ value: String(year), label: String(year) }));
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-5 sm:grid-cols-6 sm:gap-x-5">
      <TextField
        label="Card number"
        name="number"
        autoComplete="cc-number"
        inputMode="numeric"
        spellCheck={false}
        maxLength={23}
        required
        placeholder="1234 1234 1234 1234"
        error={errors.number}
        className="col-span-2 sm:col-span-6 [&_input]:font-mono"
      />
      {/* Keyed by the kept value: React never moves a select's default after mount, and a form action resets to it. */}
      <SelectField
        key={`month-${values.expiry_month ?? ''}`}
        label="Expiry month"
        name="expiry_month"
        autoComplete="cc-exp-month"
        required
        options={months}
        placeholder="MM"
        defaultValue={values.expiry_month ?? ''}
        error={errors.expiry_month}
        className="col-span-1 sm:col-span-2"
      />
      <SelectField
        key={`year-${values.expiry_year ?? ''}`}
        label="Expiry year"
        name="expiry_year"
        autoComplete="cc-exp-year"
        required
        options={yearOptions}
        placeholder="YYYY"
        defaultValue={values.expiry_year ?? ''}
        error={errors.expiry_year}
        className="col-span-1 sm:col-span-2"
      />
      <TextField
        label="Security code"
        name="cvv"
        autoComplete="cc-csc"
        inputMode="numeric"
        maxLength={4}
        required
        hint="3 digits on the back."
        error={errors.cvv}
        className="col-span-1 sm:col-span-2 [&_input]:font-mono"
      />
      <TextField
        label="Name on card"
        name="name"
        autoComplete="cc-name"
        optional
        defaultValue={values.name}
        error={errors.name}
        className="col-span-2 sm:col-span-6"
      />
    </div>
  );
}
