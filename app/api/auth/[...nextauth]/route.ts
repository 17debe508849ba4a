import { handlers } from '@/lib/auth/next-auth';

// Read-only: sign-in goes through /auth/portal/return and sign-out through /auth/sign-out.
export const { GET } = handlers;
