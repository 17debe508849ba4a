import { Notice } from '@/components/ui/notice';
import type { FormState } from '@/lib/portal/form-state';

/** The message above a form after it was sent: saved, or what went wrong. */
export function FormNotice({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <Notice tone={state.status === 'saved' ? 'success' : 'error'} testId="form-notice">
      {state.message}
    </Notice>
  );
}
