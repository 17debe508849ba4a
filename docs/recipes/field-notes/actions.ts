'use server';
import { redirect } from 'next/navigation';
import { requireSubscriber } from '@/lib/auth/access';

/** A server action is a public endpoint: it checks the reader itself, whatever page shows its form. */
export async function saveNote(formData: FormData) {
  const reader = await requireSubscriber('/members/field-notes');
  const note = String(formData.get('note') ?? '').slice(0, 500);
  console.info(`[field-notes] ${reader.customerId} saved ${note.length} characters`);
  redirect('/members/field-notes?saved=1');
}
