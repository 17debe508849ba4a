import { ErrorTitle } from '@/components/ui/move-focus';
import { Notice } from '@/components/ui/notice';
import type { FormState } from '@/lib/portal/form-state';

/** The message above a form after it was sent: saved, or what went wrong (then the title says so too). */
export function FormNotice({ state }: { state: FormState }) {
  const failed = state.status === 'invalid' || state.status === 'failed';
  return (
    <>
      {failed ? <ErrorTitle /> : null}
      {state.message ? (
        <Notice tone={state.status === 'saved' ? 'success' : 'error'} testId="form-notice" focus="result">
          {state.message}
        </Notice>
      ) : null}
    </>
  );
}
