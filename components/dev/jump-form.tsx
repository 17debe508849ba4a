'use client';

import { type ReactNode, useState } from 'react';

/**
 * One time-travel button: a plain form post to the panel's route handler (it works without
 * JavaScript); with it, the button says the travel is under way while the server waits for it.
 */
export function JumpForm({
  jump,
  label,
  disabled,
  children,
}: {
  jump: string;
  label: string;
  disabled: boolean;
  children: ReactNode;
}) {
  const [travelling, setTravelling] = useState(false);
  return (
    <form
      method="post"
      action="/api/dev/time-travel"
      onSubmit={() => setTravelling(true)}
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
    >
      <input type="hidden" name="jump" value={jump} />
      <button
        type="submit"
        disabled={disabled || travelling}
        aria-describedby={`jump-${jump}-note`}
        className="min-h-11 rounded-lg bg-teal-700 px-4 text-sm font-semibold text-white shadow-sm hover:bg-teal-800 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700"
      >
        {travelling ? 'Travelling…' : label}
      </button>
      {children}
    </form>
  );
}
