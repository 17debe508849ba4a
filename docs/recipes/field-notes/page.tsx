import type { Metadata } from 'next';
import { requireSubscriber } from '@/lib/auth/access';
import { saveNote } from './actions';

export const metadata: Metadata = { title: 'Field notes' };

export default async function FieldNotesPage({
  searchParams,
}: {
  searchParams: Promise<{ saved?: string }>;
}) {
  const reader = await requireSubscriber('/members/field-notes');
  const { saved } = await searchParams;
  return (
    <div className="mx-auto max-w-2xl px-5 py-14">
      <h1 className="font-serif text-4xl font-bold">Field notes</h1>
      <p className="mt-4">Notes for members only, {reader.name ?? reader.email}.</p>
      {saved ? <p className="mt-4 text-brand-700">Your note is saved.</p> : null}
      <form action={saveNote} className="mt-6 flex gap-2">
        <input name="note" aria-label="Note" className="flex-1 rounded border px-2" />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-white">
          Save
        </button>
      </form>
    </div>
  );
}
