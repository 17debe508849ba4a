'use client';

import { pageContainer, primaryButton } from '@/components/site/styles';

export default function MembersError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className={`${pageContainer} py-20`}>
      <div className="max-w-xl">
        <h1 className="font-serif text-3xl font-bold text-stone-900">
          We could not open the library just now
        </h1>
        <p className="mt-4 leading-7 text-stone-600">
          Checking your membership took longer than it should, usually because the billing service is briefly
          unavailable. Nothing about your account has changed. Try again in a minute.
        </p>
        <button type="button" onClick={reset} className={`${primaryButton} mt-8`}>
          Try again
        </button>
      </div>
    </div>
  );
}
