'use client';

import { useFormStatus } from 'react-dom';
import { Button, type ButtonVariant } from './button';

/** A submit button that says it is working while its form's action runs. */
export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  className,
  name,
  value,
}: {
  children: string;
  pendingText: string;
  variant?: ButtonVariant;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button
      variant={variant}
      className={className}
      disabled={pending}
      aria-disabled={pending}
      name={name}
      value={value}
    >
      {pending ? pendingText : children}
    </Button>
  );
}
