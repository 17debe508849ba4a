import { ArrowLeftIcon } from './icons';

/** The visible way back to the website that sent the customer to sign in. */
export function CancelLink({ href }: { href: string }) {
  return (
    <a
      href={href}
      className="inline-flex items-center gap-1.5 font-medium text-slate-700 underline-offset-4 hover:text-slate-900 hover:underline"
    >
      <ArrowLeftIcon />
      Cancel and go back to {new URL(href).host}
    </a>
  );
}
