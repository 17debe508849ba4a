import { brand } from '@/lib/brand';
import { LockIcon } from './icons';

export function PortalFooter() {
  return (
    <footer className="border-t border-slate-200">
      <div className="mx-auto flex max-w-5xl flex-col gap-1 px-4 py-6 text-xs text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p className="flex items-center gap-1.5">
          <LockIcon className="size-3.5" />
          Secure billing portal for {brand.name} subscribers
        </p>
        <p>Billing by a Chargebee-compatible provider</p>
      </div>
    </footer>
  );
}
