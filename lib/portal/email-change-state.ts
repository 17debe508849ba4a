import type { CodeFailure } from '@/lib/portal/codes';

export type EmailChangeState = {
  step: 'email' | 'code' | 'done';
  newEmail: string;
  error?: string;
  message?: string;
};

export const codeErrorText: Record<CodeFailure, string> = {
  wrong: "That code isn't right. Check the newest email we sent and try again.",
  expired: 'That code has expired: codes last 10 minutes. Start again to get a new one.',
  locked: 'That code was entered wrongly 5 times, so it no longer works. Start again to get a new one.',
  none: 'That code can no longer be used. Start again to get a new one.',
};

export function waitText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
}
