import Link from 'next/link';
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentProps } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet';
export type ButtonSize = 'md' | 'sm';

const base =
  'inline-flex items-center justify-center gap-2 rounded-lg text-sm font-semibold ' +
  // Colours fade on hover; the focus outline does not, so a focused button is marked at once.
  'transition-[color,background-color,border-color] ' +
  'disabled:cursor-not-allowed disabled:opacity-60';

const sizes: Record<ButtonSize, string> = { md: 'min-h-11 px-4 py-2.5', sm: 'min-h-9 px-3 py-1.5' };

const variants: Record<ButtonVariant, string> = {
  primary:
    'bg-[var(--ui-accent,var(--color-brand-600))] text-white shadow-sm ' +
    'hover:bg-[var(--ui-accent-strong,var(--color-brand-700))]',
  secondary: 'border border-slate-300 bg-white text-slate-800 shadow-xs hover:bg-slate-50',
  quiet: 'text-[var(--ui-accent-strong,var(--color-brand-700))] underline-offset-4 hover:underline',
};

/** Quiet buttons read as links: no box, so no padding beyond a comfortable tap height. */
export function buttonClass(variant: ButtonVariant = 'primary', size: ButtonSize = 'md', extra = ''): string {
  const sizing = variant === 'quiet' ? 'min-h-9 py-1' : sizes[size];
  return `${base} ${sizing} ${variants[variant]} ${extra}`.trim();
}

type Styling = { variant?: ButtonVariant; size?: ButtonSize };

export function Button({
  variant = 'primary',
  size = 'md',
  className = '',
  type = 'submit',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & Styling) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}

/** A link styled as a button, for same-site pages. */
export function ButtonLink({
  variant = 'primary',
  size = 'md',
  className = '',
  ...props
}: ComponentProps<typeof Link> & Styling) {
  return <Link className={buttonClass(variant, size, className)} {...props} />;
}

/** A link to another site (a merchant's cancel_url or redirect_url) styled as a button. */
export function ExternalButtonLink({
  variant = 'secondary',
  size = 'md',
  className = '',
  ...props
}: AnchorHTMLAttributes<HTMLAnchorElement> & Styling) {
  return <a className={buttonClass(variant, size, className)} {...props} />;
}
